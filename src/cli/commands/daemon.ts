import type { RegisterCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const registerDaemon: RegisterCommand = (program, setExitCode) => {
  program
    .command('daemon')
    .description('Run the long-lived reconciler')
    .allowUnknownOption()
    .action(() => {
      console.error('orgplane daemon: not built yet');
      setExitCode(EXIT.error);
    });
};
