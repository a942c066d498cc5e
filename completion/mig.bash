# bash completion for migc and migrun                               -*- shell-script -*-
# Installed as completions/migc and completions/migrun (the same file). Commands and
# options are read from the programs' own --help, the one place they are written;
# migrun's revision targets come from `migrun complete targets`, which reads only the
# plugin directory's manifest.

_mig_help_commands() { # PROG: the command names of PROG --help
    "$1" --help 2>/dev/null | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1; next } on { exit }'
}

_mig_help_options() { # PROG [CMD]: every -x and --long option its help mentions
    "$@" --help 2>/dev/null | grep -oE '(^|[[ ,])--?[A-Za-z][A-Za-z0-9-]*' | sed 's/^[[ ,]*//' | sort -u
}

_mig() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    local prog=${COMP_WORDS[0]} cmd= i
    local -a pass=() # --plugins/--config as given, passed on to `migrun complete`
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        --plugins | --config)
            pass+=("${COMP_WORDS[i]}" "${COMP_WORDS[i + 1]}")
            ((i++))
            ;;
        --plugins=* | --config=*) pass+=("${COMP_WORDS[i]}") ;;
        -*) ;;
        *) [[ -z $cmd ]] && cmd=${COMP_WORDS[i]} ;;
        esac
    done
    COMPREPLY=()
    case $prev in
    --plugins) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --config | --credentials-file | --ca-file | -o | --output | --deps | --schema)
        COMPREPLY=($(compgen -f -- "$cur"))
        return
        ;;
    --cc) COMPREPLY=($(compgen -c -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    -m | --message | --rev-id | --label | --cflags | -j | --jobs | --max-errors | --target-ydb | --url | \
        --version-table | --statement-timeout | --lock-wait) return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_mig_help_options "$prog" $cmd)" -- "$cur"))
        return
    fi
    if [[ -z $cmd || $cmd == help ]]; then
        [[ -n $cmd && $COMP_CWORD -gt 2 ]] && return
        COMPREPLY=($(compgen -W "$(_mig_help_commands "$prog")" -- "$cur"))
        return
    fi
    case ${prog##*/}:$cmd in
    migrun:upgrade | migrun:downgrade | migrun:show | migrun:stamp)
        COMPREPLY=($(compgen -W "$("$prog" complete targets "${pass[@]}" 2>/dev/null)" -- "$cur"))
        ;;
    migc:*) COMPREPLY=($(compgen -d -- "$cur")) ;; # the migrations directory
    esac
}
complete -F _mig migc migrun
