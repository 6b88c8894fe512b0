import { applyDecorators, Controller, Get, HttpCode, Logger, Post, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ConfigService } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/auth.decorators.js';
import type { AppConfig } from '../../config/configuration.js';
import { IpnAcknowledgementDto } from './dto/payments.dto.js';
import { PaymentStatusApplier } from './payment-status.applier.js';
import { acknowledgement, readNotification, type PesapalNotification } from './pesapal/ipn-notification.js';

/** The identifiers PesaPal appends, documented for Swagger UI; readNotification keeps 200 characters. */
const identifier = { type: 'string', maxLength: 200 } as const;
const NotificationQuery = () =>
  applyDecorators(
    ApiQuery({
      name: 'OrderTrackingId',
      required: false,
      schema: identifier,
      example: 'b8f1d0c2-7c57-4e7a-9a43-0e0a0f7a1c11',
    }),
    ApiQuery({ name: 'OrderMerchantReference', required: false, schema: identifier, example: 'QG-5f0c…' }),
    ApiQuery({ name: 'OrderNotificationType', required: false, schema: identifier, example: 'IPNCHANGE' }),
  );

/**
 * Where PesaPal (IPN) and the payer's browser (callback) come back. Neither is trusted: both only name an
 * order, whose state we then ask PesaPal for (PaymentStatusApplier). Not rate limited: PesaPal retries and
 * may send bursts of duplicates, which are cheap and idempotent.
 */
@ApiTags('Payments')
@Controller('payments')
@Public()
@RouteConfig({ rateLimit: false })
export class PesapalWebhookController {
  private readonly logger = new Logger(PesapalWebhookController.name);
  private readonly frontendUrl: string;

  constructor(
    private readonly applier: PaymentStatusApplier,
    config: ConfigService<AppConfig, true>,
  ) {
    this.frontendUrl = config.get('http', { infer: true }).frontendUrl;
  }

  @Get('webhook')
  @ApiOperation({ summary: 'PesaPal IPN (registered as GET or POST; both work)' })
  @NotificationQuery()
  @ApiOkResponse({
    type: IpnAcknowledgementDto,
    description: 'Acknowledgement; status 500 = not processed, retry',
  })
  ipnGet(@Req() request: FastifyRequest): Promise<IpnAcknowledgementDto> {
    return this.handleIpn(readNotification(request.query));
  }

  @Post('webhook')
  @HttpCode(200)
  @ApiOperation({ summary: 'PesaPal IPN as POST (JSON or form body, or query string)' })
  @ApiOkResponse({ type: IpnAcknowledgementDto })
  ipnPost(@Req() request: FastifyRequest): Promise<IpnAcknowledgementDto> {
    return this.handleIpn(readNotification(request.body, request.query));
  }

  @Get('callback')
  @ApiOperation({ summary: 'Where PesaPal sends the payer’s browser; redirects to the SPA’s result page' })
  @NotificationQuery()
  @ApiResponse({ status: 302, description: 'To FRONTEND_URL/payments/result?transactionId=…&status=…' })
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const notification = readNotification(request.query);
    const result = new URL(`${this.frontendUrl}/payments/result`);
    const tx = await this.verify(notification);
    result.searchParams.set('transactionId', tx?.id ?? '');
    result.searchParams.set('status', tx?.status ?? 'unknown');
    await reply.redirect(result.toString(), 302);
  }

  private async handleIpn(notification: PesapalNotification): Promise<IpnAcknowledgementDto> {
    const tx = await this.verify(notification);
    return acknowledgement(notification, tx !== undefined);
  }

  /** undefined when the order is not ours or PesaPal could not be asked (it will notify again). */
  private async verify(notification: PesapalNotification) {
    if (!notification.orderTrackingId) return undefined;
    try {
      return await this.applier.verify(notification.orderTrackingId);
    } catch (error) {
      this.logger.warn(
        { err: error, orderTrackingId: notification.orderTrackingId },
        'Could not verify a payment',
      );
      return undefined;
    }
  }
}
