import type { RegisterCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const registerPlan: RegisterCommand = (program, setExitCode) => {
  program
    .command('plan')
    .description('Read the live organization and print the plan')
    .allowUnknownOption()
    .action(() => {
      console.error('orgplane plan: not built yet');
      setExitCode(EXIT.error);
    });
};
