import type { RegisterCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const registerDrift: RegisterCommand = (program, setExitCode) => {
  program
    .command('drift')
    .description('Report out-of-band changes to managed resources from the audit log')
    .allowUnknownOption()
    .action(() => {
      console.error('orgplane drift: not built yet');
      setExitCode(EXIT.error);
    });
};
