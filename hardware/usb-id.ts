/** A USB vendor and product id as lsusb prints them: four lower-case hex digits each. */
export interface UsbId {
  vendorId: string;
  productId: string;
}

/** Reads "04b8:0e15" (any case); the site file schema has already checked the form. */
export function parseUsbId(text: string): UsbId {
  const [vendorId = '', productId = ''] = text.toLowerCase().split(':');
  return { vendorId, productId };
}

export function formatUsbId(id: UsbId): string {
  return `${id.vendorId}:${id.productId}`;
}
