// The CLI's version as `saba --version` prints it and the User-Agent header carries it.

/** The package version. */
export const CLI_VERSION = '0.1.0';

/** The git revision the bundle was built from; the build replaces the expression, `dev` under tsx. */
export const CLI_REVISION: string = process.env.SABA_CLI_REVISION ?? 'dev';
