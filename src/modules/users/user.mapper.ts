import type { UserResponseDto } from './dto/user-response.dto.js';
import type { UserAccount } from './user.types.js';

export function toUserResponse(user: UserAccount): UserResponseDto {
  return {
    id: user.id,
    name: user.name,
    email: user.email ?? '',
    phone: user.phone ?? '',
    role: user.role,
    status: user.status,
    emailVerified: user.emailVerifiedAt !== null,
    twoFactorEnabled: user.twoFactorEnabledAt !== null,
    emailNotifications: user.emailNotifications,
    createdAt: user.createdAt.toISOString(),
  };
}
