import type { RegisterCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const registerValidate: RegisterCommand = (program, setExitCode) => {
  program
    .command('validate')
    .description('Check manifests against the schema and each other; no API call')
    .allowUnknownOption()
    .action(() => {
      console.error('orgplane validate: not built yet');
      setExitCode(EXIT.error);
    });
};
