package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/bacgiang/fwbot/backup"
	"github.com/bacgiang/fwbot/storage/sqlite"
)

const backupUsage = `Usage: fwbot backup [--to DIR]

Makes a backup of the bot's database (BOT_DB_PATH, else storage.db_path)
and file archive (BOT_FILES_DIR, else storage.files_dir) into DIR (default:
backup.dir of config.yaml, BOT_BACKUP_DIR), safe while the bot runs:

  DIR/fwbot-YYYYMMDDTHHMMSS/fwbot.db       the database, copied with SQLite's
                                           online backup API, one consistent file
  DIR/fwbot-YYYYMMDDTHHMMSS/manifest.json  time, sizes, SHA-256, row counts, files
  DIR/files/                               the archive's files, shared by all
                                           backups; only new ones are copied

The copy is checked with PRAGMA integrity_check. Backups made with this
command are never pruned by the daily backup. Needs neither
TELEGRAM_BOT_TOKEN nor Redis.

Flags:
`

const restoreUsage = `Usage: fwbot restore --from DIR/fwbot-YYYYMMDDTHHMMSS [--to-db PATH] [--to-files DIR]

Puts a backup back: checks its manifest, the database copy's SHA-256 and
integrity, and every file it names, then copies the files into --to-files
(default BOT_FILES_DIR, else storage.files_dir) and the database to --to-db
(default BOT_DB_PATH, else storage.db_path). It never overwrites a database
that exists and is not empty: stop the bot and move that one aside first.

Flags:
`

// runBackup is the backup subcommand. Exit codes: 0 done, 2 bad arguments
// or configuration, 1 the backup failed.
func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("backup", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {
		fmt.Fprint(stderr, backupUsage)
		fl.PrintDefaults()
	}
	to := fl.String("to", "", "backup directory `DIR` (default: backup.dir)")
	if code, ok := parseFlags(fl, args, stderr); !ok {
		return code
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "configuration error: %v\n", err)
		return 2
	}
	dir := *to
	if dir == "" {
		dir = cfg.Backup.Dir
	}
	if dir == "" {
		fmt.Fprint(stderr, "backup: say where with --to DIR (or set backup.dir in config.yaml, or BOT_BACKUP_DIR)\n")
		return 2
	}
	// Read-only: the bot may be running and owns the file; nothing is
	// migrated or written.
	db, _, err := sqlite.OpenReadOnly(ctx, cfg.Storage.DBPath)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "backup: there is no database at %s (BOT_DB_PATH, storage.db_path): nothing to back up\n", cfg.Storage.DBPath)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "backup: %v\n", err)
		return 1
	}
	defer db.Close()
	path, m, err := backup.Make(ctx, db, backup.Options{Dir: dir, DBPath: cfg.Storage.DBPath, FilesDir: cfg.Storage.FilesDir,
		Trigger: backup.Manual, Now: clockFrom(ctx).Now(), Location: cfg.Location})
	if err != nil {
		fmt.Fprintf(stderr, "backup: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "backup made: %s\n", path)
	fmt.Fprintf(stdout, "  database: %s, %s, integrity %s, schema version %d\n", m.DB.File, bytesText(m.DB.Size), m.DB.Integrity, m.DB.SchemaVersion)
	fmt.Fprintf(stdout, "  records: %s\n", recordsText(m.Tables))
	fmt.Fprintf(stdout, "  files: %d in the archive, %d copied now (%s), %d already in %s\n",
		m.Files.InArchive, m.Files.Copied, bytesText(m.Files.CopiedBytes), m.Files.AlreadyPresent, filepath.Join(dir, backup.FilesDir))
	warnDamagedArchive(stderr, m)
	return 0
}

// runRestore is the restore subcommand. Exit codes: 0 restored, 2 bad
// arguments or configuration, 1 refused or failed (nothing restored).
func runRestore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("restore", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {
		fmt.Fprint(stderr, restoreUsage)
		fl.PrintDefaults()
	}
	from := fl.String("from", "", "the backup folder `DIR/fwbot-…` to restore")
	toDB := fl.String("to-db", "", "database `PATH` to create (default: storage.db_path)")
	toFiles := fl.String("to-files", "", "archive `DIR` to copy the files into (default: storage.files_dir)")
	if code, ok := parseFlags(fl, args, stderr); !ok {
		return code
	}
	if *from == "" {
		fmt.Fprint(stderr, "restore: --from is required, e.g. restore --from /srv/backup/fwbot/fwbot-20270104T020000\n")
		return 2
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "configuration error: %v\n", err)
		return 2
	}
	if *toDB == "" {
		*toDB = cfg.Storage.DBPath
	}
	if *toFiles == "" {
		*toFiles = cfg.Storage.FilesDir
	}
	res, err := backup.Restore(ctx, *from, *toDB, *toFiles)
	switch {
	case errors.Is(err, backup.ErrTargetInUse):
		fmt.Fprintf(stderr, `restore: %v.
Restore never overwrites a database. To replace it: stop the bot, move the
database aside together with its -wal and -shm files, e.g.
    mv %s %s.old
and run restore again. Or restore somewhere else with --to-db PATH --to-files DIR
and point BOT_DB_PATH and BOT_FILES_DIR there.
Nothing was changed.
`, err, *toDB, *toDB)
		return 1
	case errors.Is(err, backup.ErrNotBackup):
		fmt.Fprintf(stderr, "restore: %v.\n", err)
		if list, _ := backup.List(*from); len(list) > 0 {
			fmt.Fprintf(stderr, "--from names one backup folder; the newest here is\n    --from %s\n", list[len(list)-1].Path)
		}
		fmt.Fprint(stderr, "Nothing was changed.\n")
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "restore: %v\nThe database was not restored.\n", err)
		return 1
	}
	m := res.Manifest
	fmt.Fprintf(stdout, "restored %s (made %s, %s)\n", filepath.Base(filepath.Clean(*from)), m.MadeAt.Format("2006-01-02 15:04:05 -07:00"), m.Trigger)
	fmt.Fprintf(stdout, "  database: %s (%s)\n", *toDB, recordsText(m.Tables))
	fmt.Fprintf(stdout, "  files: %d copied into %s, %d already there\n", res.FilesCopied, *toFiles, res.FilesPresent)
	if len(res.Missing) > 0 {
		fmt.Fprintf(stderr, "restore: warning: %d archived files were already missing when the backup was made; their submissions have no file in the archive\n", len(res.Missing))
	}
	fmt.Fprint(stdout, "Start the bot on it as usual. What happened after the backup was made is not in it; messages that were still queued then may be sent again.\n")
	return 0
}

// warnDamagedArchive tells the operator about archive files a backup could
// not copy.
func warnDamagedArchive(stderr io.Writer, m backup.Manifest) {
	if n := len(m.Files.Corrupt); n > 0 {
		fmt.Fprintf(stderr, "backup: warning: %d archive files do not match their SHA-256 and were not copied (listed in the manifest as corrupt)\n", n)
	}
	if n := len(m.Files.Missing); n > 0 {
		fmt.Fprintf(stderr, "backup: warning: %d files the database records as archived are not in the backup (listed in the manifest as missing)\n", n)
	}
}

// recordsText is the row counts of the tables people care about.
func recordsText(tables map[string]int64) string {
	var parts []string
	for _, t := range []struct{ table, words string }{
		{"users", "people"}, {"chat_bindings", "group bindings"}, {"submissions", "submissions"},
		{"submission_files", "submitted files"}, {"requests", "requests"}, {"audit_log", "audit entries"},
	} {
		if n, ok := tables[t.table]; ok {
			parts = append(parts, fmt.Sprintf("%d %s", n, t.words))
		}
	}
	return strings.Join(parts, ", ")
}

// bytesText is a size for people: 1.2 MB.
func bytesText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
