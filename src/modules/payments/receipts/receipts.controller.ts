import { Controller, Get, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../../common/auth/auth-context.js';
import { Auth, CurrentUser } from '../../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../../common/openapi/api-problem.decorator.js';
import { inlineDisposition } from '../../../common/pdf/pdf-file.js';
import { UuidParam } from '../../../common/validation/uuid-param.js';
import { ReceiptsService } from './receipts.service.js';

@ApiTags('Payments')
@Controller()
export class ReceiptsController {
  constructor(private readonly receipts: ReceiptsService) {}

  @Get('payments/:id/receipt')
  @Auth('institution', 'admin')
  @ApiOperation({
    summary: 'The receipt of a completed payment, as a PDF (the payer institution or an admin)',
    description:
      'Numbered QG-YYYY-NNNNNN, gapless per year (Kampala time), issued when PesaPal confirms the payment. ' +
      'A refunded payment keeps its receipt, marked refunded.',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The receipt; Content-Disposition: inline; filename="QG-2026-000001.pdf"',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblem(400, 'The id is not a UUID')
  @ApiProblem(404, 'No such payment, or not yours')
  @ApiProblem(409, 'The payment is not completed: no receipt yet (receipt-not-available)')
  async receipt(@CurrentUser() user: AuthContext, @UuidParam() id: string): Promise<StreamableFile> {
    const file = await this.receipts.pdf(user, id);
    return new StreamableFile(file.data, {
      type: 'application/pdf',
      disposition: inlineDisposition(file),
      length: file.data.length,
    });
  }
}
