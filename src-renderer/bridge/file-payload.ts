/** Whether a chosen file is a spreadsheet (.xlsx) rather than a CSV. */
export const isXlsx = (file: File) => /\.xlsx$/i.test(file.name) || file.type === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What the file inputs accept: CSV and .xlsx. */
export const TABLE_FILES = '.csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A file as the main process takes it: a CSV as its text, an .xlsx as its bytes in
 * base64 (the contract carries JSON in both the app and browser mode).
 */
export async function tablePayload(file: File): Promise<{ csv: string } | { xlsxBase64: string }> {
  if (!isXlsx(file)) return { csv: await file.text() };
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // In pieces: String.fromCharCode with a whole file's bytes as arguments overflows the stack.
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return { xlsxBase64: btoa(binary) };
}
