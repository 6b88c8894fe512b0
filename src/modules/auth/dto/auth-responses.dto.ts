import { ApiProperty } from '@nestjs/swagger';
import { UserResponseDto } from '../../users/dto/user-response.dto.js';

export class TokenPairDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIs…', description: 'Send as "Authorization: Bearer …"' })
  accessToken!: string;

  @ApiProperty({ example: 'pQ2x…', description: 'Single use: exchange at /auth/refresh for a new pair' })
  refreshToken!: string;

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' })
  expiresIn!: number;
}

export class LoginResponseDto extends TokenPairDto {
  @ApiProperty({ type: UserResponseDto })
  user!: UserResponseDto;
}

export class SessionResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Mozilla/5.0 (Android 14)', nullable: true, type: String })
  userAgent!: string | null;

  @ApiProperty({ example: '197.239.4.10', nullable: true, type: String })
  ip!: string | null;

  @ApiProperty({ example: '2026-11-24T08:30:00.000Z' })
  createdAt!: string;

  @ApiProperty({ example: '2026-11-24T09:10:00.000Z' })
  lastUsedAt!: string;

  @ApiProperty({ example: true, description: 'The session this request was made with' })
  current!: boolean;
}

export class SessionListDto {
  @ApiProperty({ type: [SessionResponseDto] })
  items!: SessionResponseDto[];
}

export class TwoFactorSetupDto {
  @ApiProperty({ example: 'otpauth://totp/Qgig:grace%40example.ug?secret=JBSWY3DPEHPK3PXP&issuer=Qgig' })
  otpauthUrl!: string;

  @ApiProperty({ example: 'data:image/png;base64,iVBORw0KGgo…', description: 'QR code of otpauthUrl' })
  qrDataUrl!: string;
}

export class BackupCodesDto {
  @ApiProperty({
    example: ['k3d9f-2hq7x'],
    description: '10 single-use codes; shown once, store them safely',
  })
  backupCodes!: string[];
}

export class EmailVerifiedDto {
  @ApiProperty({ example: true })
  emailVerified!: boolean;
}
