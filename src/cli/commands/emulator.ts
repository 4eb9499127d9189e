import type { RegisterCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const registerEmulator: RegisterCommand = (program, setExitCode) => {
  program
    .command('emulator')
    .description('Serve a local Admin API for trying things out')
    .allowUnknownOption()
    .action(() => {
      console.error('orgplane emulator: not built yet');
      setExitCode(EXIT.error);
    });
};
