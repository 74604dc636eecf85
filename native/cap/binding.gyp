# One Node-API binary for every Node and Electron with Node-API 8. libpcap is not linked: the core
# loads it at run time (src/core/pcapLibrary.c), so no libpcap headers or import library are needed
# to build, on Linux, macOS (BPF) or Windows (Npcap). Only linux-x64 is built and tested here.
{
  'targets': [
    {
      # lanlens-capd, the small capture program the grant gives CAP_NET_RAW (src/capd/capd.c and
      # docs/privilege.md): the same core, no Node, hardened as a privileged program should be.
      'target_name': 'lanlens-capd',
      'type': 'executable',
      'conditions': [
        ['OS!="linux"', {'type': 'none'}],
        ['OS=="linux"', {
          'sources': [
            'src/core/pcapLibrary.c',
            'src/core/capCore.c',
            'src/core/capPrivilege.c',
            'src/capd/capd.c',
            'src/capd/capdGrant.c',
            'src/capd/capdStart.c',
          ],
          'include_dirs': ['src/core', 'src/capd'],
          'defines': ['_FORTIFY_SOURCE=2'],
          'cflags': ['-O2', '-fPIE', '-fstack-protector-strong', '-Wall', '-Wextra', '-Wno-unused-parameter'],
          'ldflags': ['-pie', '-s', '-Wl,-z,relro,-z,now,-z,noexecstack', '-Wl,--wrap=__libc_start_main'],
          # As cap.node: the first versions of dlopen and kin (pcapLibrary.c), from libdl.so.2 itself.
          'libraries': ['-Wl,--no-as-needed', '-l:libdl.so.2', '-Wl,--as-needed'],
        }],
      ],
    },
    {
      'target_name': 'cap',
      'sources': [
        'src/core/pcapLibrary.c',
        'src/core/capCore.c',
        'src/core/capPrivilege.c',
        'src/core/sockDiag.c',
        'src/addon/capModule.cc',
        'src/addon/capHandle.cc',
        'src/addon/sockDiagModule.cc',
      ],
      'include_dirs': [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        'src/core',
      ],
      'defines': [
        'NAPI_VERSION=8',
        'NODE_ADDON_API_DISABLE_CPP_EXCEPTIONS',
        'NODE_ADDON_API_DISABLE_DEPRECATED',
      ],
      'cflags': ['-fvisibility=hidden', '-Wall', '-Wextra', '-Wno-unused-parameter'],
      # The Node-API glue is not on the per-packet path: optimise it for size (the core keeps -O3).
      'cflags_cc': ['-fvisibility=hidden', '-Os'],
      'ldflags': ['-s'],
      'conditions': [
        ['OS=="linux"', {
          # dlopen lives in libdl before glibc 2.34: libdl.so.2 itself (glibc 2.34+ keeps it as a stub,
          # and has only an empty libdl.a behind -ldl), so the old dlopen is found on an older glibc.
          'libraries': ['-Wl,--no-as-needed', '-l:libdl.so.2', '-Wl,--as-needed'],
        }],
        ['OS=="mac"', {
          'xcode_settings': {
            'MACOSX_DEPLOYMENT_TARGET': '10.15',
            'GCC_SYMBOLS_PRIVATE_EXTERN': 'YES',
          },
        }],
        ['OS=="win"', {
          'libraries': ['ws2_32.lib'],
          'defines': ['WIN32_LEAN_AND_MEAN', '_CRT_SECURE_NO_WARNINGS'],
        }],
      ],
    },
  ],
}
