// Resolved instead of the real 'vscode' types in every project but src/extension (see the
// "paths" of those tsconfigs), so that using the vscode API outside the extension host fails to compile.
export declare const ONLY_SRC_EXTENSION_MAY_IMPORT_VSCODE: never;
