// Package backup makes, prunes and restores backups of the bot: a
// consistent copy of its SQLite database, taken with SQLite's online backup
// API while the bot runs, and of its file archive.
//
// A backup directory looks like this:
//
//	DIR/
//	  files/ab/ab12…ef                  the archive's blobs, mirrored once
//	  fwbot-20270104T020000/
//	    fwbot.db                        the database copy, one file
//	    manifest.json                   what was copied, with sizes and hashes
//	  fwbot-20270105T020000/ …
//
// The archive is content-addressed (a blob's name is the SHA-256 of its
// bytes) and never changes a blob once written, so one mirror DIR/files/
// serves every backup: each backup copies only the blobs not mirrored yet
// (a blob there under the same name and with the same size is taken as
// copied; restore checks every hash). The database copy and its manifest
// are written into a hidden .partial folder and renamed into place only
// when complete and checked, so a folder named fwbot-… is always a whole
// backup. Pruning deletes old daily backup folders, never those made by
// hand and never the mirror: the archive itself only grows.
package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bacgiang/fwbot/internal/fsutil"
	"github.com/bacgiang/fwbot/storage/sqlite"
)

// The names in a backup directory.
const (
	// FilesDir is the mirror of the archive, shared by the backups of DIR.
	FilesDir = "files"
	// DBFile is the database copy inside a backup folder.
	DBFile = "fwbot.db"
	// ManifestFile describes a backup folder.
	ManifestFile = "manifest.json"

	prefix        = "fwbot-"
	stampLayout   = "20060102T150405"
	partialPrefix = ".partial-"
	// format is the manifest's version; restore refuses newer ones.
	format = 1
)

// folderName matches the backup folders this package makes.
var folderName = regexp.MustCompile(`^fwbot-\d{8}T\d{6}(-\d+)?$`)

// Trigger says who made a backup: pruning deletes only daily ones.
type Trigger string

const (
	Manual Trigger = "manual" // fwbot backup
	Daily  Trigger = "daily"  // the running bot, at backup.time
)

// Source is the database being backed up: *sqlite.DB.
type Source interface {
	Backup(ctx context.Context, destPath string) error
}

// Manifest is manifest.json: what one backup holds.
type Manifest struct {
	Format  int       `json:"format"`
	MadeAt  time.Time `json:"made_at"`
	Trigger Trigger   `json:"trigger"`
	// Source names the database and archive that were copied.
	Source struct {
		DB    string `json:"db"`
		Files string `json:"files"`
	} `json:"source"`
	DB DBInfo `json:"db"`
	// Tables counts the rows of every table of the copy.
	Tables map[string]int64 `json:"tables"`
	Files  FilesInfo        `json:"files"`
}

// DBInfo describes the database copy.
type DBInfo struct {
	File          string `json:"file"`
	Size          int64  `json:"size"`
	SHA256        string `json:"sha256"`
	SchemaVersion int    `json:"schema_version"`
	// Integrity is PRAGMA integrity_check's answer on the copy: "ok".
	Integrity string `json:"integrity"`
}

// FilesInfo describes the archive's part of a backup.
type FilesInfo struct {
	// Dir is the mirror, relative to the backup folder: "../files".
	Dir string `json:"dir"`
	// InArchive is how many blobs the archive held; Copied of them (of
	// CopiedBytes) were copied by this backup, AlreadyPresent were
	// mirrored by an earlier one.
	InArchive      int   `json:"in_archive"`
	Copied         int   `json:"copied"`
	CopiedBytes    int64 `json:"copied_bytes"`
	AlreadyPresent int   `json:"already_present"`
	// Referenced are the blobs the database copy records as archived:
	// what restore puts back.
	Referenced      []sqlite.Blob `json:"referenced"`
	ReferencedBytes int64         `json:"referenced_bytes"`
	// Missing are referenced blobs the archive did not have (a damaged
	// archive); Corrupt are archive files whose bytes do not match their
	// name, not copied. Both should be empty.
	Missing []string `json:"missing,omitempty"`
	Corrupt []string `json:"corrupt,omitempty"`
}

// Options say what to back up and where.
type Options struct {
	// Dir is the backup directory, created if missing.
	Dir string
	// DBPath and FilesDir are the live database (recorded in the
	// manifest) and archive (mirrored).
	DBPath, FilesDir string
	Trigger          Trigger
	// Now names the backup folder and stamps the manifest, in Location.
	Now      time.Time
	Location *time.Location
}

// Make takes one backup into a new folder of opt.Dir: the database copy,
// checked with PRAGMA integrity_check, the archive's new blobs into the
// mirror, then the manifest. It returns the folder's path and its
// manifest. The database is copied first, so every file it records as
// archived is already in the archive when the mirror is brought up to date.
func Make(ctx context.Context, src Source, opt Options) (string, Manifest, error) {
	if opt.Dir == "" {
		return "", Manifest{}, errors.New("backup: no backup directory")
	}
	if opt.FilesDir != "" && fsutil.Overlap(opt.Dir, opt.FilesDir) {
		return "", Manifest{}, fmt.Errorf("backup: %s overlaps the file archive %s: put backups elsewhere", opt.Dir, opt.FilesDir)
	}
	loc := opt.Location
	if loc == nil {
		loc = time.Local
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.In(loc).Truncate(time.Second) // as the folder name has it
	mirror := filepath.Join(opt.Dir, FilesDir)
	if err := os.MkdirAll(mirror, 0o750); err != nil {
		return "", Manifest{}, fmt.Errorf("backup: %w", err)
	}
	name, err := freeName(opt.Dir, now)
	if err != nil {
		return "", Manifest{}, err
	}
	partial := filepath.Join(opt.Dir, partialPrefix+name)
	if err := os.Mkdir(partial, 0o750); err != nil {
		return "", Manifest{}, fmt.Errorf("backup: %w", err)
	}
	placed := false
	defer func() {
		if !placed {
			_ = os.RemoveAll(partial)
		}
	}()

	dbPath := filepath.Join(partial, DBFile)
	if err := src.Backup(ctx, dbPath); err != nil {
		return "", Manifest{}, err
	}
	info, err := sqlite.Inspect(ctx, dbPath)
	if err != nil {
		return "", Manifest{}, fmt.Errorf("backup: checking the copy: %w", err)
	}
	size, sum, err := hashFile(dbPath)
	if err != nil {
		return "", Manifest{}, fmt.Errorf("backup: %w", err)
	}

	m := Manifest{Format: format, MadeAt: now, Trigger: opt.Trigger, Tables: info.Tables,
		DB: DBInfo{File: DBFile, Size: size, SHA256: sum, SchemaVersion: info.SchemaVersion, Integrity: "ok"}}
	m.Source.DB, m.Source.Files = opt.DBPath, opt.FilesDir
	m.Files.Dir = filepath.ToSlash(filepath.Join("..", FilesDir))
	m.Files.Referenced = info.Blobs
	if m.Files.Referenced == nil {
		m.Files.Referenced = []sqlite.Blob{}
	}
	if opt.FilesDir != "" {
		if err := mirrorArchive(ctx, opt.FilesDir, mirror, &m.Files); err != nil {
			return "", Manifest{}, err
		}
	}
	for _, b := range info.Blobs {
		m.Files.ReferencedBytes += b.Size
		if fi, err := os.Lstat(blobPath(mirror, b.SHA256)); err != nil || !fi.Mode().IsRegular() || fi.Size() != b.Size {
			m.Files.Missing = append(m.Files.Missing, b.SHA256)
		}
	}

	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return "", Manifest{}, fmt.Errorf("backup: manifest: %w", err)
	}
	if err := writeFileSync(filepath.Join(partial, ManifestFile), append(data, '\n')); err != nil {
		return "", Manifest{}, fmt.Errorf("backup: manifest: %w", err)
	}
	if err := fsutil.SyncDir(partial); err != nil {
		return "", Manifest{}, fmt.Errorf("backup: %w", err)
	}
	final := filepath.Join(opt.Dir, name)
	if err := os.Rename(partial, final); err != nil {
		return "", Manifest{}, fmt.Errorf("backup: %w", err)
	}
	placed = true
	if err := fsutil.SyncDir(opt.Dir); err != nil {
		return final, m, fmt.Errorf("backup: %w", err)
	}
	return final, m, nil
}

// freeName is the folder name for a backup made at now: fwbot-<stamp>,
// with -2, -3, … when that is taken.
func freeName(dir string, now time.Time) (string, error) {
	base := prefix + now.Format(stampLayout)
	for i := 1; i < 1000; i++ {
		name := base
		if i > 1 {
			name += "-" + strconv.Itoa(i)
		}
		_, err1 := os.Lstat(filepath.Join(dir, name))
		_, err2 := os.Lstat(filepath.Join(dir, partialPrefix+name))
		if errors.Is(err1, fs.ErrNotExist) && errors.Is(err2, fs.ErrNotExist) {
			return name, nil
		}
	}
	return "", fmt.Errorf("backup: no free folder name for %s in %s", base, dir)
}

// mirrorArchive copies into mirror the blobs of the archive it does not
// have yet, counting into fi.
func mirrorArchive(ctx context.Context, archive, mirror string, fi *FilesInfo) error {
	shards, err := os.ReadDir(archive)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // nothing archived yet
	}
	if err != nil {
		return fmt.Errorf("backup: read the archive: %w", err)
	}
	for _, shard := range shards {
		if !shard.IsDir() || !validShard(shard.Name()) {
			continue // tmp/ and anything that is not a blob
		}
		entries, err := os.ReadDir(filepath.Join(archive, shard.Name()))
		if err != nil {
			return fmt.Errorf("backup: read the archive: %w", err)
		}
		for _, e := range entries {
			name := e.Name()
			if !e.Type().IsRegular() || !validSHA(name) || name[:2] != shard.Name() {
				continue
			}
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("backup: %w", err)
			}
			fi.InArchive++
			src := filepath.Join(archive, shard.Name(), name)
			st, err := os.Lstat(src)
			if err != nil {
				return fmt.Errorf("backup: %w", err)
			}
			dst := blobPath(mirror, name)
			if d, err := os.Lstat(dst); err == nil && d.Mode().IsRegular() && d.Size() == st.Size() {
				fi.AlreadyPresent++
				continue
			}
			n, err := copyBlob(src, dst, name)
			if errors.Is(err, errHashMismatch) {
				fi.Corrupt = append(fi.Corrupt, name)
				continue
			}
			if err != nil {
				return fmt.Errorf("backup: copy %s: %w", name, err)
			}
			fi.Copied++
			fi.CopiedBytes += n
		}
	}
	return nil
}

var errHashMismatch = errors.New("the bytes do not match the name")

// copyBlob copies the blob at src to dst through a temp file beside dst,
// checking that the bytes hash to sha; dst then appears whole or not at all.
func copyBlob(src, dst, sha string) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	dir := filepath.Dir(dst)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return 0, err
	}
	tmp, err := os.CreateTemp(dir, ".copy-*")
	if err != nil {
		return 0, err
	}
	placed := false
	defer func() {
		if !placed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), in)
	if err != nil {
		return 0, err
	}
	if hex.EncodeToString(h.Sum(nil)) != sha {
		return 0, errHashMismatch
	}
	if err := tmp.Chmod(0o640); err != nil {
		return 0, err
	}
	if err := tmp.Sync(); err != nil {
		return 0, err
	}
	if err := tmp.Close(); err != nil {
		return 0, err
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return 0, err
	}
	placed = true
	return n, fsutil.SyncDir(dir)
}

// blobPath is where a blob lives in an archive or its mirror.
func blobPath(root, sha string) string { return filepath.Join(root, sha[:2], sha) }

func validSHA(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && (r < 'a' || r > 'f') }) < 0
}

func validShard(s string) bool { return len(s) == 2 && validSHA(s+strings.Repeat("0", 62)) }

// hashFile returns the size and SHA-256 of the file at path.
func hashFile(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

func writeFileSync(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Entry is one backup folder of a backup directory.
type Entry struct {
	Name, Path string
	Manifest   Manifest
}

// List returns the backup folders of dir this package made (named
// fwbot-<stamp>, with a readable manifest), oldest first. A missing dir
// has none.
func List(dir string) ([]Entry, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("backup: list %s: %w", dir, err)
	}
	var out []Entry
	for _, e := range entries {
		if !e.IsDir() || !folderName.MatchString(e.Name()) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		m, err := ReadManifest(path)
		if err != nil {
			continue // not ours, or damaged: left alone
		}
		out = append(out, Entry{Name: e.Name(), Path: path, Manifest: m})
	}
	slices.SortFunc(out, func(a, b Entry) int {
		if c := a.Manifest.MadeAt.Compare(b.Manifest.MadeAt); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}

// ReadManifest reads the manifest of the backup folder at path.
func ReadManifest(path string) (Manifest, error) {
	data, err := os.ReadFile(filepath.Join(path, ManifestFile))
	if err != nil {
		return Manifest{}, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return Manifest{}, fmt.Errorf("%s: %w", filepath.Join(path, ManifestFile), err)
	}
	if m.Format < 1 || m.DB.File == "" {
		return Manifest{}, fmt.Errorf("%s: not a manifest of fwbot backup", filepath.Join(path, ManifestFile))
	}
	return m, nil
}

// staleAfter is how old a .partial folder (left by a crash) must be before
// Prune removes it; a backup in progress writes into its own.
const staleAfter = 24 * time.Hour

// Prune deletes the daily backups of dir beyond the keep newest, and
// partial folders left by a crash long ago. Backups made by hand and
// folders it did not make are left alone. It returns the paths removed.
func Prune(dir string, keep int) ([]string, error) {
	if keep < 1 {
		return nil, fmt.Errorf("backup: keep %d, want at least 1", keep)
	}
	all, err := List(dir)
	if err != nil {
		return nil, err
	}
	var daily []Entry
	for _, e := range all {
		if e.Manifest.Trigger == Daily {
			daily = append(daily, e)
		}
	}
	var removed []string
	var errs []error
	for _, e := range daily[:max(0, len(daily)-keep)] {
		if err := os.RemoveAll(e.Path); err != nil {
			errs = append(errs, fmt.Errorf("backup: prune %s: %w", e.Path, err))
			continue
		}
		removed = append(removed, e.Path)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), partialPrefix) {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > staleAfter {
			path := filepath.Join(dir, e.Name())
			if err := os.RemoveAll(path); err == nil {
				removed = append(removed, path)
			}
		}
	}
	return removed, errors.Join(errs...)
}
