import type { RegisterCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const registerApply: RegisterCommand = (program, setExitCode) => {
  program
    .command('apply')
    .description('Execute the plan, then verify convergence')
    .allowUnknownOption()
    .action(() => {
      console.error('orgplane apply: not built yet');
      setExitCode(EXIT.error);
    });
};
