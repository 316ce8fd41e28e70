import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

@Injectable()
export class PasswordHasher {
  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  verify(hash: string, password: string): Promise<boolean> {
    return argon2.verify(hash, password);
  }

  /** Verifies against a throwaway hash so an unknown username costs the same time as a wrong password. */
  async burnTime(password: string): Promise<void> {
    this.dummy ??= this.hash('dummy-password-for-timing');
    await argon2.verify(await this.dummy, password);
  }

  private dummy: Promise<string> | undefined;
}
