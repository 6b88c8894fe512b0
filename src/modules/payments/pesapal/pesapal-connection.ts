/** Where and as whom the PesaPal client talks; resolved at start-up (the emulator's URL is known late). */
export abstract class PesapalConnection {
  abstract readonly baseUrl: string;
  abstract readonly consumerKey: string;
  abstract readonly consumerSecret: string;
  abstract readonly timeoutMs: number;
}
