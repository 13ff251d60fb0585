/** On-chip peripherals of the 8096BH, registered as board device types. */
let registered = false;

export function registerI8096Devices(): void {
  if (registered) return;
  registered = true;
}
