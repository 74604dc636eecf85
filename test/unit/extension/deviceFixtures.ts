import type { Device } from '../../../src/shared/model/device';

/** A device on br-t · 10.213.0.0/24 with the given overrides. */
export function device(overrides: Partial<Device> & Pick<Device, 'ip'>): Device {
  return {
    isGateway: false,
    isSelf: false,
    interface: 'br-t',
    subnet: '10.213.0.0/24',
    firstSeen: Date.UTC(2024, 4, 1, 12, 0),
    lastSeen: Date.UTC(2024, 4, 1, 12, 0),
    methods: ['arp'],
    ...overrides,
  };
}
