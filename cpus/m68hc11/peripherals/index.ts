/**
 * On-chip peripherals of the 68HC11, registered as board device types when the core loads.
 */
let registered = false;

export function registerM68hc11Devices(): void {
  if (registered) return;
  registered = true;
}
