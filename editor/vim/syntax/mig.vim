" Vim syntax file
" Language:    .mig, the revision language of migc (YDB schema migrations); see mig(5)
" Filenames:   *.mig
" Keywords and types are case-insensitive, as in the language.

if exists('b:current_syntax')
  finish
endif

syn case ignore

" Headers and sections.
syn keyword migHeader revision revises depends_on label base upgrade downgrade irreversible

" Step kinds.
syn keyword migStep create_table drop_table rename_table add_column drop_column alter_column
syn keyword migStep create_index drop_index rename_index set_ttl reset_ttl set
syn keyword migStep add_changefeed drop_changefeed yql c backfill rebuild_table

" Words inside steps and create_table.
syn keyword migKeyword where batch pause
syn keyword migKeyword copy replace
syn keyword migKeyword pk primary primary_key key index unique async sync cover on ttl after as
syn keyword migKeyword with family default not null to rename drop type comment references
syn keyword migKeyword auto_increment if_exists if_not_exists renamed_from
syn keyword migBoolean true false

" Types (YDB's names, and the aliases migc accepts).
syn keyword migType Bool Int8 Int16 Int32 Int64 Uint8 Uint16 Uint32 Uint64 Float Double Decimal
syn keyword migType DyNumber String Utf8 Json JsonDocument Yson Uuid Date Datetime Timestamp Interval
syn keyword migType Date32 Datetime64 Timestamp64 Interval64 Optional
syn keyword migType SmallSerial Serial2 Serial Serial4 BigSerial Serial8
syn keyword migType tinyint smallint int integer bigint text bytes json_document varchar

" Literals.
syn match migNumber '\<-\=\d\+\(\.\d\+\)\=\([eE][-+]\=\d\+\)\=\>'
syn match migDuration '\<\(\d\+[wdhms]\)\+\>'
syn region migString start=+"+ skip=+\\\\\|\\"+ end=+"+ oneline contains=migEscape
syn region migString start=+'+ skip=+\\\\\|\\'+ end=+'+ oneline contains=migEscape
syn region migLongText start=+"""+ end=+"""+
syn match migEscape contained '\\\([ntr\\"'']\|x\x\{2}\|u\x\{4}\|U\x\{8}\)'
syn region migQuotedName start=+`+ end=+`+ oneline

" Comments: -- and # to the end of the line, /* ... */ (not nested).
syn match migComment '--.*$' contains=@Spell
syn match migComment '#.*$' contains=@Spell
syn region migComment start='/\*' end='\*/' contains=@Spell

hi def link migHeader     PreProc
hi def link migStep       Statement
hi def link migKeyword    Keyword
hi def link migBoolean    Boolean
hi def link migType       Type
hi def link migNumber     Number
hi def link migDuration   Number
hi def link migString     String
hi def link migLongText   String
hi def link migEscape     SpecialChar
hi def link migQuotedName Identifier
hi def link migComment    Comment

let b:current_syntax = 'mig'
