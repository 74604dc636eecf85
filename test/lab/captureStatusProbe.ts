// Prints nativeCap.ts's view of capture (loadCap().status) as JSON: the libpcap tests run it where
// no libpcap is visible and check the problem it names.
import { loadCap } from '../../src/helper/capture/nativeCap';

process.stdout.write(JSON.stringify(loadCap().status) + '\n');
