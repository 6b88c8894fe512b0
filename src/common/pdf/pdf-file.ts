/** A generated PDF as a service hands it to its controller. */
export interface PdfFile {
  /** e.g. `QG-2026-000001.pdf`: safe in a Content-Disposition header as it is. */
  fileName: string;
  data: Buffer;
}

/** Content-Disposition for showing the document in the browser, with its name for saving it. */
export function inlineDisposition(file: PdfFile): string {
  return `inline; filename="${file.fileName}"`;
}
