"""The help text of each ``cqp`` command, here so that ``cqp --help`` lists them without importing any command.

Each command module declares its command with ``help=HELP[name]``; :mod:`cqpengine.cli` shows their
first sentences from this table alone, in the user's language.
"""

from cqpengine.i18n import N_

#: Command name → its help (English msgid; its first sentence is the one-line summary of ``cqp --help``).
HELP = {
    "build": N_(
        "Build the documents of referentials (files or folders; default ./referentials).\n\n"
        "Validates first: a referential with errors is refused, the others still build. A document "
        "whose inputs have not changed since the last build into the same folder is not rendered "
        "again."
    ),
    "credential": N_(
        "Open Badges 3.0 credentials of acquired units, as cqp decide jury|commission --credentials DIR writes them."
    ),
    "decide": N_(
        "Apply the rules of a certification to a candidate file, and explain the verdict.\n\n"
        "FILE is a candidate YAML file, or a PDF document cqpengine printed and someone filled "
        "(guide-entretien for orientation, livret-evaluation-finale for jury or commission, dossier-vae for vae).\n\n"
        "Exit 0 with a decision, 1 when the candidate file has errors (printed like cqp validate), "
        "2 on usage errors."
    ),
    "diff": N_(
        "Compare two versions: OLD and NEW as id@version.\n\n"
        "With one argument, an id (or id@version), compare that version (default: the active one) "
        "with the version it supersedes. With --against [REV] FILE, compare the referential FILE "
        "with its state in the git revision REV (default HEAD)."
    ),
    "export": N_("Write certification versions in another format: RNCP, CASE, Moodle."),
    "extract": N_(
        "Write the candidate file of a filled guide-entretien, livret-evaluation-finale or "
        "dossier-vae PDF.\n\n"
        "Exit 0 when the candidate file is complete and valid, 1 when fields are missing (listed on "
        "stderr by name; the file is still written, for a person to complete), 2 for a file that is "
        "not a document cqpengine printed."
    ),
    "fields": N_("List the form fields of FILE, a PDF or HTML document printed by cqpengine (filled or not)."),
    "import": N_("Read a referential from another format: an RNCP fiche, a CASE package."),
    "new": N_("Write the starting point of a new certification or version (never overwrites a file)."),
    "render": N_("Render one document of the referential FILE (resolved with the files beside it)."),
    "serve": N_(
        "Serve the documents of the referentials under PATH (default ./referentials) on 127.0.0.1.\n\n"
        "Open the address it prints: the index lists every certification and document; an open page "
        "reloads by itself when a file is saved, and shows the errors instead while there are any."
    ),
    "validate": N_(
        "Check referentials: files or folders, default ./referentials.\n\n"
        "Exit 0 when valid (warnings allowed unless --strict), 1 on findings, 2 on usage errors."
    ),
}
