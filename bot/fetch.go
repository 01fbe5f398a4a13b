package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// Downloader fetches a file Telegram holds (the Client does).
type Downloader interface {
	Download(ctx context.Context, fileID string) (io.ReadCloser, int64, error)
}

// ErrFileTooBig is Context.Download's answer for a file over its limit.
var ErrFileTooBig = errors.New("file larger than the limit")

// ErrNoDownloads is Context.Download's answer when the dispatcher was given
// no Downloader.
var ErrNoDownloads = errors.New("file downloads are not enabled")

// maxFetchRounds bounds how many files one update may ask for, one round
// (a rolled back transaction and a download) each.
const maxFetchRounds = 4

// fetchTimeout bounds one download made for a handler.
const fetchTimeout = 90 * time.Second

// needFile is what Context.Download returns the first time a handler asks
// for a file: the handler returns it (as is or wrapped), the transaction
// rolls back, the file is downloaded with no transaction open, and the
// handler runs again in a new one, where Download has the bytes.
type needFile struct {
	fileID string
	limit  int64
}

func (e *needFile) Error() string {
	return fmt.Sprintf("file %s is downloaded before the handler runs again", e.fileID)
}

// fetched is one downloaded file, or why it could not be.
type fetched struct {
	data []byte
	err  error
}

// Download returns the content of a file of the update (at most limit
// bytes; ErrFileTooBig past that). The single database writer never waits
// on Telegram: the first call returns an error the handler must pass up
// unchanged (return err, or wrap it with %w), which rolls its transaction
// back; the dispatcher then downloads the file and runs the handler again
// from the start, and this time Download has the bytes, or the download's
// error. A handler must therefore not act on anything outside the
// transaction before it calls Download.
func (c *Context) Download(fileID string, limit int64) ([]byte, error) {
	if !c.downloads {
		return nil, ErrNoDownloads
	}
	if f, ok := c.fetched[fileID]; ok {
		return f.data, f.err
	}
	return nil, &needFile{fileID: fileID, limit: limit}
}

// fetch downloads what a handler asked for, outside any transaction.
func (d *Dispatcher) fetch(ctx context.Context, nf *needFile) fetched {
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	body, _, err := d.Files.Download(ctx, nf.fileID)
	if err != nil {
		return fetched{err: fmt.Errorf("download %s: %w", nf.fileID, err)}
	}
	defer body.Close()
	data, err := io.ReadAll(io.LimitReader(body, nf.limit+1))
	switch {
	case err != nil:
		return fetched{err: fmt.Errorf("read %s: %w", nf.fileID, err)}
	case int64(len(data)) > nf.limit:
		return fetched{err: ErrFileTooBig}
	}
	return fetched{data: data}
}
