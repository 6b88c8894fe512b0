import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const GREY = rgb(0.4, 0.4, 0.4);
const BLACK = rgb(0, 0, 0);

export interface TableColumn {
  header: string;
  /** Points. */
  width: number;
  align?: 'left' | 'right';
}

/**
 * A plain A4 document in the standard Helvetica fonts (nothing embedded, no browser): lines of text, label /
 * value fields and tables, flowing onto new pages. Text the fonts cannot encode (WinAnsi) is replaced by
 * `?` rather than failing, so a name in any script still gives a document.
 */
export class PdfSheet {
  private page!: PDFPage;
  private y = 0;

  private constructor(
    private readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
    private readonly encodable: Set<number>,
  ) {
    this.newPage();
  }

  static async create(meta: { title: string; subject: string }): Promise<PdfSheet> {
    const doc = await PDFDocument.create();
    doc.setTitle(meta.title);
    doc.setSubject(meta.subject);
    doc.setAuthor('Qgig');
    doc.setCreator('Qgig');
    doc.setProducer('Qgig (pdf-lib)');
    const regular = doc.embedStandardFont(StandardFonts.Helvetica);
    const bold = doc.embedStandardFont(StandardFonts.HelveticaBold);
    return new PdfSheet(doc, regular, bold, new Set(regular.getCharacterSet()));
  }

  get contentWidth(): number {
    return A4[0] - 2 * MARGIN;
  }

  /** One line of text (cut to the page's width). */
  text(value: string, options: { size?: number; bold?: boolean; grey?: boolean } = {}): this {
    const size = options.size ?? 10;
    this.ensure(size * 1.5);
    this.draw(value, MARGIN, size, this.contentWidth, options.bold ?? false, options.grey ?? false);
    this.y -= size * 1.5;
    return this;
  }

  space(points = 8): this {
    this.y -= points;
    return this;
  }

  /** A label and its value on one line. */
  field(label: string, value: string, labelWidth = 150): this {
    this.ensure(15);
    this.draw(label, MARGIN, 10, labelWidth - 8, false, true);
    this.draw(value, MARGIN + labelWidth, 10, this.contentWidth - labelWidth, true, false);
    this.y -= 15;
    return this;
  }

  rule(): this {
    this.ensure(10);
    this.page.drawLine({
      start: { x: MARGIN, y: this.y + 4 },
      end: { x: A4[0] - MARGIN, y: this.y + 4 },
      thickness: 0.5,
      color: GREY,
    });
    this.y -= 8;
    return this;
  }

  /** A table; its header is repeated on every page it flows onto. */
  table(columns: TableColumn[], rows: string[][]): this {
    const header = () => {
      this.ensure(30);
      this.row(
        columns,
        columns.map((column) => column.header),
        true,
      );
      this.rule();
    };
    header();
    for (const cells of rows) {
      if (this.y - 14 < MARGIN) {
        this.newPage();
        header();
      }
      this.row(columns, cells, false);
    }
    return this;
  }

  async bytes(): Promise<Buffer> {
    return Buffer.from(await this.doc.save());
  }

  private row(columns: TableColumn[], cells: string[], bold: boolean): void {
    let x = MARGIN;
    columns.forEach((column, index) => {
      this.draw(cells[index] ?? '', x, 9, column.width - 6, bold, false, column.align);
      x += column.width;
    });
    this.y -= 14;
  }

  private ensure(height: number): void {
    if (this.y - height < MARGIN) this.newPage();
  }

  private newPage(): void {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  private draw(
    value: string,
    x: number,
    size: number,
    maxWidth: number,
    bold: boolean,
    grey: boolean,
    align: 'left' | 'right' = 'left',
  ): void {
    const font = bold ? this.bold : this.regular;
    const text = fitted(this.encodableText(value), font, size, maxWidth);
    const width = font.widthOfTextAtSize(text, size);
    this.page.drawText(text, {
      x: align === 'right' ? x + maxWidth - width : x,
      y: this.y - size,
      size,
      font,
      color: grey ? GREY : BLACK,
    });
  }

  private encodableText(value: string): string {
    const flat = value.normalize('NFC').replace(/\s+/g, ' ');
    return Array.from(flat, (char) => (this.encodable.has(char.codePointAt(0)!) ? char : '?')).join('');
  }
}

/** The text, cut with an ellipsis where it would be wider than `maxWidth`. */
function fitted(text: string, font: PDFFont, size: number, maxWidth: number): string {
  if (font.widthOfTextAtSize(text, size) <= maxWidth) return text;
  let cut = text;
  while (cut.length > 0 && font.widthOfTextAtSize(`${cut}…`, size) > maxWidth) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}
