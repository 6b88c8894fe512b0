import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../../common/auth/auth-context.js';
import type { UserStatus } from '../user.types.js';

export class UserResponseDto {
  @ApiProperty({ format: 'uuid', example: '0b9a3c4e-2f1d-4c1b-9a57-3d2f6e1b8c90' })
  id!: string;

  @ApiProperty({ example: 'Grace Nakato' })
  name!: string;

  @ApiProperty({ example: 'grace@example.ug' })
  email!: string;

  @ApiProperty({ example: '+256772123456', description: 'E.164' })
  phone!: string;

  @ApiProperty({ enum: ROLES, example: 'professional' })
  role!: Role;

  @ApiProperty({ enum: ['active', 'suspended', 'deleted'], example: 'active' })
  status!: UserStatus;

  @ApiProperty({ example: false })
  emailVerified!: boolean;

  @ApiProperty({ example: false })
  twoFactorEnabled!: boolean;

  @ApiProperty({ example: true, description: 'Notifications are also emailed (in-app always)' })
  emailNotifications!: boolean;

  @ApiProperty({ example: '2026-11-24T08:30:00.000Z' })
  createdAt!: string;
}

export class UserEnvelopeDto {
  @ApiProperty({ type: UserResponseDto })
  user!: UserResponseDto;
}
