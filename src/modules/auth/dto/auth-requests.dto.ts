import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Equals,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsUgandanMobile } from '../../../common/phone/uganda-phone.js';
import { Trim } from '../../../common/validation/trim.js';
import { IsAcceptablePassword } from '../password/password.validator.js';

const OTP_OR_BACKUP_CODE = /^(\d{6}|[A-Za-z0-9]{5}-?[A-Za-z0-9]{5})$/;
const SIX_DIGITS = /^\d{6}$/;
/** bcrypt reads 72 bytes; IsAcceptablePassword refuses more, so no password is longer than 72 characters. */
const NEW_PASSWORD_MAX_LENGTH = 72;

export class RegisterDto {
  @ApiProperty({ example: 'Grace Nakato', minLength: 2, maxLength: 100 })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ example: 'grace@example.ug', maxLength: 254 })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address such as name@example.ug' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({
    example: '0772 123 456',
    description: 'Ugandan mobile number, local or +256 form; stored as E.164',
    maxLength: 30,
  })
  @IsString()
  @MaxLength(30)
  @IsUgandanMobile()
  phone!: string;

  @ApiProperty({
    example: 'correct-horse-battery',
    minLength: 10,
    maxLength: NEW_PASSWORD_MAX_LENGTH,
    description: 'At least 10 characters and at most 72 bytes (UTF-8), not a common password',
  })
  @IsString()
  @IsAcceptablePassword()
  password!: string;

  @ApiProperty({ enum: ['professional', 'institution'], example: 'professional' })
  @IsIn(['professional', 'institution'], {
    message:
      'role must be professional or institution (admin accounts are created by an operator, not through the API)',
  })
  role!: 'professional' | 'institution';

  @ApiProperty({
    example: true,
    description: 'Acceptance of the privacy notice (Uganda DPPA 2019); must be true',
  })
  @Equals(true, { message: 'consent must be true: accept the privacy notice to create an account' })
  consent!: boolean;
}

export class LoginDto {
  @ApiProperty({ example: 'grace@example.ug', maxLength: 254 })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address such as name@example.ug' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'correct-horse-battery', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;

  @ApiPropertyOptional({
    example: '123456',
    description: 'Authenticator code or a backup code, when 2FA is on',
    pattern: OTP_OR_BACKUP_CODE.source,
  })
  @IsOptional()
  @IsString()
  @Matches(OTP_OR_BACKUP_CODE, { message: 'otp must be a 6-digit code or a backup code such as ab3de-9fgh2' })
  otp?: string;
}

export class RefreshDto {
  @ApiProperty({
    example: 'pQ2xV8mT0bYl3nR6sKdE1uWc9hJ4aZ7fGq5oLiXyNeP',
    description: 'The refresh token from login or the previous refresh',
    minLength: 20,
    maxLength: 200,
  })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  refreshToken!: string;
}

export class TokenDto {
  @ApiProperty({
    example: 'Vb1kR9sLq2WmX7cT4yHnE0aJ6fUd3gZp8oBiNtMwQeS',
    description: 'The token from the emailed link',
    minLength: 20,
    maxLength: 200,
  })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token!: string;
}

export class ForgotPasswordDto {
  @ApiProperty({ example: 'grace@example.ug', maxLength: 254 })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address such as name@example.ug' })
  @MaxLength(254)
  email!: string;
}

export class ResetPasswordDto extends TokenDto {
  @ApiProperty({
    example: 'a-new-long-passphrase',
    minLength: 10,
    maxLength: NEW_PASSWORD_MAX_LENGTH,
    description: 'At least 10 characters and at most 72 bytes (UTF-8), not a common password',
  })
  @IsString()
  @IsAcceptablePassword()
  newPassword!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ example: 'correct-horse-battery', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  currentPassword!: string;

  @ApiProperty({
    example: 'a-new-long-passphrase',
    minLength: 10,
    maxLength: NEW_PASSWORD_MAX_LENGTH,
    description: 'At least 10 characters and at most 72 bytes (UTF-8), not a common password',
  })
  @IsString()
  @IsAcceptablePassword()
  newPassword!: string;
}

export class OtpDto {
  @ApiProperty({
    example: '123456',
    description: 'The current 6-digit code from the authenticator app',
    pattern: SIX_DIGITS.source,
  })
  @IsString()
  @Matches(SIX_DIGITS, { message: 'otp must be the 6-digit code from the authenticator app' })
  otp!: string;
}

export class DisableTwoFactorDto {
  @ApiPropertyOptional({
    example: '123456',
    description: 'A current code, or give password instead',
    pattern: SIX_DIGITS.source,
  })
  @IsOptional()
  @IsString()
  @Matches(SIX_DIGITS, { message: 'otp must be the 6-digit code from the authenticator app' })
  otp?: string;

  @ApiPropertyOptional({ example: 'correct-horse-battery', maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password?: string;
}
