// `--format` templates: the part of Go's text/template that mkr users write against `mkr hosts`
// ({{.Name}}, nested fields, {{range}}/{{if}}/{{with}} with {{else}}, variables, pipes, printf and
// the other builtins), parsed by go-template-parse.ts and run by go-template-exec.ts. Anything else
// (define, template, block, unknown functions) is a TemplateError naming it, never a silent
// difference. Field names may be Go's (`.ID`, `.DisplayName`) or the JSON keys.
import { executeNodes } from './go-template-exec.ts';
import { parseGoTemplate } from './go-template-parse.ts';

export { TemplateError } from './go-template-parse.ts';

/** Runs the template `src` over `data` and returns its output. */
export function executeGoTemplate(src: string, data: unknown): string {
  return executeNodes(parseGoTemplate(src), data);
}
