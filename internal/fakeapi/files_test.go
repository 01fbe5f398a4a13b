package fakeapi

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"net/http"
	"testing"
)

// fileInfo is getFile's result.
type fileInfo struct {
	FileID   string `json:"file_id"`
	FileSize int64  `json:"file_size"`
	FilePath string `json:"file_path"`
}

func download(t *testing.T, s *Server, token, filePath string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(s.URL() + "/file/bot" + token + "/" + filePath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

func TestFileDownload(t *testing.T) {
	s := newServer(t)
	data := []byte("%PDF-1.7 công văn")
	f := s.AddFile(File{Name: "cong van.pdf", Data: data})
	if f.FileID == "" || f.MIME != "application/pdf" {
		t.Fatalf("AddFile filled in %+v", f)
	}

	var info fileInfo
	status, r := postForm(t, s, "getFile", map[string]string{"file_id": f.FileID})
	mustOK(t, status, r, &info)
	if info.FilePath != "documents/cong_van.pdf" || info.FileSize != int64(len(data)) || info.FileID != f.FileID {
		t.Fatalf("getFile %+v", info)
	}

	t.Run("RightToken", func(t *testing.T) {
		status, body := download(t, s, testToken, info.FilePath)
		if status != http.StatusOK || !bytes.Equal(body, data) {
			t.Fatalf("download %d %q", status, body)
		}
		c := s.WaitFor(t, wait, "the download", func(c Call) bool { return c.Method == DownloadMethod })
		if c.Params["file_path"] != info.FilePath {
			t.Fatalf("download recorded as %v", c)
		}
	})

	t.Run("WrongToken", func(t *testing.T) {
		status, body := download(t, s, "999:not-the-bot", info.FilePath)
		if status != http.StatusNotFound {
			t.Fatalf("wrong token got %d %q, want 404", status, body)
		}
	})

	t.Run("UnknownPath", func(t *testing.T) {
		if status, _ := download(t, s, testToken, "documents/nope.pdf"); status != http.StatusNotFound {
			t.Fatalf("unknown path got %d", status)
		}
	})

	t.Run("UnknownFileID", func(t *testing.T) {
		status, r := postForm(t, s, "getFile", map[string]string{"file_id": "nope"})
		mustFail(t, status, r, http.StatusBadRequest, "invalid file_id")
	})

	t.Run("SameNameGetsOwnPath", func(t *testing.T) {
		g := s.AddFile(File{Name: "cong van.pdf", Data: []byte("other")})
		var gi fileInfo
		status, r := postForm(t, s, "getFile", map[string]string{"file_id": g.FileID})
		mustOK(t, status, r, &gi)
		if gi.FilePath == info.FilePath {
			t.Fatalf("two files share %q", gi.FilePath)
		}
		if _, body := download(t, s, testToken, gi.FilePath); string(body) != "other" {
			t.Fatalf("second file served %q", body)
		}
	})

	t.Run("DownloadFault", func(t *testing.T) {
		s.FailNext(DownloadMethod, 1, Fault{Kind: ServerError})
		if status, _ := download(t, s, testToken, info.FilePath); status != http.StatusInternalServerError {
			t.Fatalf("faulted download got %d", status)
		}
	})

	t.Run("TruncatedDownload", func(t *testing.T) {
		s.FailNext(DownloadMethod, 1, Fault{Kind: LoseResponse})
		resp, err := http.Get(s.URL() + "/file/bot" + testToken + "/" + info.FilePath)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if !errors.Is(err, io.ErrUnexpectedEOF) || len(body) != len(data)/2 {
			t.Fatalf("read %d of %d bytes, err %v; want a cut at half with unexpected EOF", len(body), len(data), err)
		}
	})
}

func TestLargeFile(t *testing.T) {
	s := newServer(t)
	const size = 21<<20 + 7 // over the cloud limit, not a multiple of the pattern
	s.AddFileFunc("big-1", "ho so.zip", size, func() io.Reader { return PatternReader(size) })
	u := User{ID: 42}
	s.SendDocument(u, Private(u), "", File{FileID: "big-1"})
	ups := getUpdates(t, s, nil)
	if d := ups[0].Message.Document; d == nil || d.FileSize != size || d.FileName != "ho so.zip" {
		t.Fatalf("document %+v", d)
	}

	status, r := postForm(t, s, "getFile", map[string]string{"file_id": "big-1"})
	mustFail(t, status, r, http.StatusBadRequest, "file is too big")

	s.SetMaxDownload(0)
	var info fileInfo
	status, r = postForm(t, s, "getFile", map[string]string{"file_id": "big-1"})
	mustOK(t, status, r, &info)

	resp, err := http.Get(s.URL() + "/file/bot" + testToken + "/" + info.FilePath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.ContentLength != size {
		t.Fatalf("Content-Length %d, want %d", resp.ContentLength, size)
	}
	got := sha256.New()
	n, err := io.Copy(got, resp.Body)
	if err != nil || n != size {
		t.Fatalf("read %d bytes, err %v", n, err)
	}
	want := sha256.New()
	if _, err := io.Copy(want, PatternReader(size)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Sum(nil), want.Sum(nil)) {
		t.Fatal("downloaded bytes differ from the pattern")
	}
}

func TestPatternReader(t *testing.T) {
	buf := make([]byte, 1000)
	r := PatternReader(600)
	var all []byte
	for {
		n, err := r.Read(buf[:333])
		all = append(all, buf[:n]...)
		if err == io.EOF {
			break
		}
	}
	if len(all) != 600 {
		t.Fatalf("read %d bytes, want 600", len(all))
	}
	for i, b := range all {
		if b != PatternByte(int64(i)) {
			t.Fatalf("byte %d = %d, want %d", i, b, PatternByte(int64(i)))
		}
	}
}
