import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class AttendanceCodeBodyDto {
  @ApiProperty({
    example: '492039',
    description: 'The 6-digit code the institution shows (GET /jobs/{id}/attendance-code)',
    pattern: '^\\d{6}$',
    minLength: 6,
    maxLength: 6,
  })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'must be the 6 digits the institution shows' })
  code!: string;
}

export class ShiftConfirmationDto {
  @ApiProperty({ example: '2027-03-14T09:12:00.000Z' })
  confirmedAt!: string;
}

export class AttendanceCodeDto {
  @ApiProperty({ example: '492039', description: 'Changes every 60 seconds; accepted one step either side' })
  code!: string;

  @ApiProperty({
    example: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA…',
    description: 'The code as a QR image (a link to the check-in page carrying the code)',
  })
  qrDataUrl!: string;

  @ApiProperty({ example: '2027-03-15T04:46:00.000Z', description: 'When the next code replaces this one' })
  expiresAt!: string;
}

export class CheckInDto {
  @ApiProperty({ example: '2027-03-15T04:52:31.000Z' })
  checkedInAt!: string;
}

export class CheckOutDto {
  @ApiProperty({ example: '2027-03-15T14:03:10.000Z' })
  checkedOutAt!: string;
}
