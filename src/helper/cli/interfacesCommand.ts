import { renderTable } from './table';
import { listInterfaces } from '../os/interfaces';
import type { CommandRunner } from './cliOptions';

/** `lanlens interfaces [--json]` */
export async function interfacesCommand(json: boolean, write: (text: string) => void): Promise<number> {
  const snapshot = await listInterfaces();
  if (json) {
    write(JSON.stringify(snapshot, null, 2));
    return 0;
  }
  const rows = snapshot.interfaces.map((entry) => [
    entry.name + (entry.isDefault ? ' *' : ''),
    entry.up ? 'up' : 'down',
    entry.mac ?? '-',
    entry.ipv4.map((address) => `${address.address}/${address.prefixLength}`).join(', ') || '-',
    entry.ipv6.map((address) => `${address.address}/${address.prefixLength}`).join(', ') || '-',
    entry.gateway ?? '-',
  ]);
  write(renderTable(['INTERFACE', 'STATE', 'MAC', 'IPV4', 'IPV6', 'GATEWAY'], rows));
  write('* carries the default route');
  return 0;
}

/** `lanlens interfaces [--json]` from the parsed command line */
export const interfacesCli: CommandRunner = (values, _rest, output) =>
  interfacesCommand(values.json ?? false, output.out);
