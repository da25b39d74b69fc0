// `tmux-orc completion bash|zsh`: completion scripts generated from the command table.
// Commands, sub-commands, options and fixed option values complete offline; agent names for
// TARGET arguments come from `tmux-orc list --names` on the same server (-L/-S are passed on).
import type { CliContext } from '../context.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { COMMANDS, GLOBAL_OPTIONS } from '../spec.js';
import type { CommandArgs, CommandSpec, OptionSpec } from '../spec-types.js';

interface Model {
  top: string[];
  groups: Map<string, string[]>;
  /** Completion key ('send', 'schedule list') → option flags. */
  options: Map<string, string[]>;
  /** Keys whose first argument is a TARGET. */
  targets: string[];
  /** Option flag → fixed values. */
  values: Map<string, readonly string[]>;
  files: string[];
  /** Flags that take a value (skipped with it when finding the command words). */
  valued: string[];
  summaries: Map<string, string>;
}

const flags = (opts: Readonly<Record<string, OptionSpec>>) =>
  Object.entries(opts).flatMap(([n, o]) => [`--${n}`, ...(o.short ? [`-${o.short}`] : [])]);

function buildModel(commands: readonly CommandSpec[]): Model {
  const m: Model = { top: [], groups: new Map(), options: new Map(), targets: [], values: new Map(), files: [], valued: [], summaries: new Map() };
  const globals = flags(GLOBAL_OPTIONS);
  const add = (key: string, c: CommandSpec) => {
    const [first, second] = key.split(' ') as [string, string | undefined];
    if (!m.top.includes(first)) m.top.push(first);
    if (!m.summaries.has(first)) m.summaries.set(first, second ? `${first} commands` : c.summary);
    if (second) m.groups.set(first, [...(m.groups.get(first) ?? []), second]);
    m.options.set(key, [...flags(c.options), ...globals]);
    // The first positional is a TARGET (options in parentheses and brackets aside).
    if (/^\[?TARGET\b/.test(c.args.replace(/^(\([^)]*\)|--\S+ \S+)\s*/g, ''))) m.targets.push(key);
  };
  for (const c of commands) {
    add(c.name, c);
    for (const a of c.aliases ?? []) add(a, c);
    for (const [n, o] of Object.entries({ ...c.options, ...GLOBAL_OPTIONS })) {
      if (o.values) m.values.set(`--${n}`, o.values);
      if (o.file && !m.files.includes(`--${n}`)) m.files.push(`--${n}`);
      if (o.type === 'string' && !m.valued.includes(`--${n}`)) m.valued.push(`--${n}`);
    }
  }
  m.files.push('-S');
  return m;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function bash(m: Model): string {
  const optCases = [...m.options].map(([k, o]) => `      ${q(k)}) opts=${q(o.join(' '))} ;;`).join('\n');
  const valCases = [...m.values].map(([f, v]) => `    ${f}) COMPREPLY=($(compgen -W ${q(v.join(' '))} -- "$cur")); return ;;`).join('\n');
  const groupCases = [...m.groups].map(([g, subs]) => `    ${g}) subs=${q(subs.join(' '))} ;;`).join('\n');
  return `# bash completion for tmux-orc. Load with: source <(tmux-orc completion bash)
_tmux_orc() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local i cmd="" sub="" sawopt="" nargs=0 opts="" subs="" key
  local -a sock=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      -L|-S|--socket-name|--socket-path) sock+=("\${COMP_WORDS[i]}" "\${COMP_WORDS[i+1]}"); ((i++)) ;;
      ${m.valued.join('|')}) ((i++)); [[ -n $cmd ]] && sawopt=1 ;;
      -*) [[ -n $cmd ]] && sawopt=1 ;;
      *) if [[ -z $cmd ]]; then cmd="\${COMP_WORDS[i]}"; elif [[ -z $sub && -z $sawopt ]]; then sub="\${COMP_WORDS[i]}"; else ((nargs++)); fi ;;
    esac
  done
  case "$prev" in
    ${m.files.join('|')}|--cwd) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    -L|--socket-name) return ;;
${valCases}
  esac
  if [[ -z $cmd ]]; then
    COMPREPLY=($(compgen -W ${q([...m.top, '--help', '--version', '-L', '-S', '--db'].join(' '))} -- "$cur")); return
  fi
  case "$cmd" in
${groupCases}
  esac
  key="$cmd"
  if [[ -n $subs ]]; then
    if [[ -z $sub && -z $sawopt && $cur != -* ]]; then COMPREPLY=($(compgen -W "$subs" -- "$cur")); return; fi
    if [[ " $subs " == *" $sub "* ]]; then key="$cmd $sub"; elif [[ -n $sub ]]; then ((nargs++)); fi
  elif [[ -n $sub ]]; then
    ((nargs++))
  fi
  case "$key" in
${optCases}
  esac
  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$opts" -- "$cur")); return; fi
  case "$key" in
    ${m.targets.map(q).join('|')})
      if ((nargs == 0)); then
        COMPREPLY=($(compgen -W "$(command tmux-orc "\${sock[@]}" list --names 2>/dev/null)" -- "$cur"))
      fi ;;
  esac
}
complete -o default -F _tmux_orc tmux-orc
`;
}

function zsh(m: Model): string {
  // Names hold no ':'; _describe splits at the first one, so colons in the summary are fine.
  const describe = m.top.map((w) => q(`${w}:${m.summaries.get(w) ?? ''}`)).join(' ');
  const optCases = [...m.options].map(([k, o]) => `    ${q(k)}) opts=(${o.join(' ')}) ;;`).join('\n');
  const valCases = [...m.values].map(([f, v]) => `    ${f}) compadd -- ${v.join(' ')}; return ;;`).join('\n');
  const groupCases = [...m.groups].map(([g, subs]) => `    ${g}) subs=(${subs.join(' ')}) ;;`).join('\n');
  return `#compdef tmux-orc
# zsh completion for tmux-orc. Put the output in a file named _tmux-orc on $fpath, or: source <(tmux-orc completion zsh)
_tmux_orc() {
  local cmd="" sub="" sawopt="" key prev=\${words[CURRENT-1]} cur=\${words[CURRENT]}
  local -a sock opts subs
  local i nargs=0
  for ((i = 2; i < CURRENT; i++)); do
    case \${words[i]} in
      -L|-S|--socket-name|--socket-path) sock+=(\${words[i]} \${words[i+1]}); ((i++)) ;;
      ${m.valued.join('|')}) ((i++)); [[ -n $cmd ]] && sawopt=1 ;;
      -*) [[ -n $cmd ]] && sawopt=1 ;;
      *) if [[ -z $cmd ]]; then cmd=\${words[i]}; elif [[ -z $sub && -z $sawopt ]]; then sub=\${words[i]}; else ((nargs++)); fi ;;
    esac
  done
  case $prev in
    ${m.files.join('|')}|--cwd) _files; return ;;
    -L|--socket-name) return ;;
${valCases}
  esac
  if [[ -z $cmd ]]; then
    if [[ $cur == -* ]]; then compadd -- --help --version -L -S --db; return; fi
    local -a cmds; cmds=(${describe}); _describe command cmds; return
  fi
  case $cmd in
${groupCases}
  esac
  key=$cmd
  if (( \${#subs} )); then
    if [[ -z $sub && -z $sawopt && $cur != -* ]]; then compadd -- $subs; return; fi
    if (( \${subs[(Ie)$sub]} )); then key="$cmd $sub"; elif [[ -n $sub ]]; then ((nargs++)); fi
  elif [[ -n $sub ]]; then
    ((nargs++))
  fi
  case $key in
${optCases}
  esac
  if [[ $cur == -* ]]; then compadd -- $opts; return; fi
  case $key in
    ${m.targets.map(q).join('|')})
      if (( nargs == 0 )); then compadd -- \${(f)"$(command tmux-orc $sock list --names 2>/dev/null)"}; fi ;;
    *) _files ;;
  esac
}
if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then _tmux_orc "$@"; else compdef _tmux_orc tmux-orc; fi
`;
}

export function completionScript(shell: 'bash' | 'zsh', commands: readonly CommandSpec[] = COMMANDS): string {
  const m = buildModel(commands);
  return shell === 'bash' ? bash(m) : zsh(m);
}

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const shell = args.positionals[0];
  if (shell !== 'bash' && shell !== 'zsh') throw new UsageError(`no completion for "${shell}"; use bash or zsh`, 'completion');
  ctx.out(completionScript(shell));
  return EXIT_OK;
}
