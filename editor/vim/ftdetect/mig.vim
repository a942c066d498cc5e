" Vim filetype detection for .mig files (migc's YDB schema revisions).
autocmd BufRead,BufNewFile *.mig setfiletype mig
