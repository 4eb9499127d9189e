import type { RegisterCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const registerImport: RegisterCommand = (program, setExitCode) => {
  program
    .command('import')
    .description('Write manifests describing the live organization')
    .allowUnknownOption()
    .action(() => {
      console.error('orgplane import: not built yet');
      setExitCode(EXIT.error);
    });
};
