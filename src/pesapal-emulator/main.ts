import { DEFAULT_EMULATOR_MERCHANT, startPesapalEmulator } from './emulator.js';

/** `npm run pesapal:emulator`: the PesaPal emulator on its own (PESAPAL_EMULATOR_PORT, default 3099). */
async function main(): Promise<void> {
  const key = process.env.PESAPAL_CONSUMER_KEY;
  const secret = process.env.PESAPAL_CONSUMER_SECRET;
  const emulator = await startPesapalEmulator({
    host: process.env.HOST || '0.0.0.0',
    port: Number(process.env.PESAPAL_EMULATOR_PORT || 3099),
    merchants: key && secret ? [{ consumerKey: key, consumerSecret: secret }] : [DEFAULT_EMULATOR_MERCHANT],
  });
  process.stdout.write(`PesaPal emulator listening: PESAPAL_BASE_URL=${emulator.baseUrl}\n`);
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
