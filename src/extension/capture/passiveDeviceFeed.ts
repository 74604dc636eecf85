import type { InterfacesResult } from '../../shared/helperProtocol';
import type { PassiveDevice } from '../../shared/model/traffic';
import type { DeviceStore, TreeChange } from '../views/deviceStore';
import type { CaptureSession } from './captureSession';
import type { Disposable } from './emitter';
import { passiveDevice, placePassive } from './passiveDevices';

/** Feeds devices a capture sees passively into the Devices tree. */
export class PassiveDeviceFeed implements Disposable {
  private interfaces: Promise<InterfacesResult> | undefined;
  private readonly subscriptions: Disposable[];

  constructor(
    session: CaptureSession,
    private readonly store: DeviceStore,
    private readonly apply: (change: TreeChange) => void,
    private readonly listInterfaces: () => Promise<InterfacesResult>,
  ) {
    this.subscriptions = [
      session.onDidSeeDevices((devices) => void this.add(devices)),
      // Interfaces are read once per capture: addresses rarely change while one runs.
      session.onDidChangeState((state) => {
        if (state.phase === 'starting') this.interfaces = undefined;
      }),
    ];
  }

  /** Resolves once the sightings are in the store (for tests; the events do not wait). */
  async add(seen: readonly PassiveDevice[]): Promise<void> {
    this.interfaces ??= this.listInterfaces().catch(() => ({ interfaces: [] }));
    const { interfaces } = await this.interfaces;
    const groups = this.store.groups();
    const devices = seen.flatMap((sighting) => {
      const place = placePassive(sighting, groups, interfaces);
      return place ? [passiveDevice(sighting, place)] : [];
    });
    if (devices.length > 0) this.apply(this.store.mergePassive(devices));
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
