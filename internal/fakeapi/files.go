package fakeapi

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// File is a file a user sends (or a test registers) so the bot can fetch it
// with getFile and download it.
type File struct {
	// FileID is what the bot passes to getFile; generated when empty.
	FileID string
	// FileUniqueID is Telegram's stable id; generated when empty.
	FileUniqueID string
	// Name is the original file name; "file" when empty.
	Name string
	// MIME is the declared type; guessed from Name when empty.
	MIME string
	// Data is the content.
	Data []byte
}

// storedFile is a registered file: bytes in memory or a generator.
type storedFile struct {
	id, uniqueID, name, mime, path string
	size                           int64
	data                           []byte
	open                           func() io.Reader
}

func (f *storedFile) documentJSON() map[string]any {
	return map[string]any{
		"file_id":        f.id,
		"file_unique_id": f.uniqueID,
		"file_name":      f.name,
		"mime_type":      f.mime,
		"file_size":      f.size,
	}
}

// reader returns the content; generated content is cut to size so a
// generator that overruns cannot lie about the length.
func (f *storedFile) reader() io.Reader {
	if f.open != nil {
		return io.LimitReader(f.open(), f.size)
	}
	return bytes.NewReader(f.data)
}

// AddFile registers a file for getFile and download and returns it with
// generated ids and MIME filled in, for tests that want the bot to fetch a
// file it was never sent. Registering an existing FileID replaces it.
func (s *Server) AddFile(f File) File {
	s.mu.Lock()
	defer s.mu.Unlock()
	sf := s.registerLocked(f, "documents")
	return File{FileID: sf.id, FileUniqueID: sf.uniqueID, Name: sf.name, MIME: sf.mime, Data: sf.data}
}

// AddFileFunc registers a file whose size bytes come from open, called once
// per download, so a test can serve gigabytes without holding them (see
// PatternReader). Send it to the bot with SendDocument(…, File{FileID:
// fileID}).
func (s *Server) AddFileFunc(fileID, name string, size int64, open func() io.Reader) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sf := s.newFileLocked(File{FileID: fileID, Name: name}, "documents")
	sf.size, sf.open = size, open
	s.putFileLocked(sf)
}

// registerLocked stores f unless it has no data and its id is already
// registered (a file added by AddFileFunc and then sent), and returns the
// stored file.
func (s *Server) registerLocked(f File, dir string) *storedFile {
	if f.Data == nil && f.FileID != "" {
		if sf, ok := s.files[f.FileID]; ok {
			return sf
		}
	}
	sf := s.newFileLocked(f, dir)
	s.putFileLocked(sf)
	return sf
}

// newFileLocked fills in ids, name, type and a unique download path.
func (s *Server) newFileLocked(f File, dir string) *storedFile {
	s.nextFile++
	n := s.nextFile
	prefix := "BQACfake"
	if dir == "photos" {
		prefix = "AgACfake"
	}
	sf := &storedFile{id: f.FileID, uniqueID: f.FileUniqueID, name: f.Name, data: f.Data, size: int64(len(f.Data))}
	if sf.id == "" {
		sf.id = fmt.Sprintf("%s%04d", prefix, n)
	}
	if sf.uniqueID == "" {
		sf.uniqueID = fmt.Sprintf("AQADfake%04d", n)
	}
	if sf.name == "" {
		sf.name = "file"
		if dir == "photos" {
			sf.name = fmt.Sprintf("file_%d.jpg", n)
		}
	}
	sf.mime = f.MIME
	if sf.mime == "" {
		sf.mime = guessMIME(sf.name, "")
	}
	p := dir + "/" + safeName(sf.name)
	if old, taken := s.paths[p]; taken && old.id != sf.id {
		p = fmt.Sprintf("%s/file_%d_%s", dir, n, safeName(sf.name))
	}
	sf.path = p
	return sf
}

func (s *Server) putFileLocked(sf *storedFile) {
	if old, ok := s.files[sf.id]; ok && old.path != sf.path {
		delete(s.paths, old.path)
	}
	s.files[sf.id] = sf
	s.paths[sf.path] = sf
}

// uploadLocked registers a file the bot uploaded.
func (s *Server) uploadLocked(u Upload, dir string) *storedFile {
	return s.registerLocked(File{Name: u.Name, MIME: u.MIME, Data: u.Data}, dir)
}

// photoSizesLocked registers f and two smaller renditions and returns the
// photo array, smallest first and f last, as Telegram orders it.
func (s *Server) photoSizesLocked(f File) []any {
	big := s.registerLocked(f, "photos")
	sizes := []struct {
		w, h int
		div  int64
	}{{90, 67, 16}, {320, 240, 4}}
	out := make([]any, 0, 3)
	for i, sz := range sizes {
		small := &storedFile{
			id:       fmt.Sprintf("%s-%d", big.id, i),
			uniqueID: fmt.Sprintf("%s-%d", big.uniqueID, i),
			name:     big.name,
			mime:     big.mime,
			size:     big.size / sz.div,
		}
		if big.data != nil {
			small.data = big.data[:small.size]
		} else {
			small.open = big.open
		}
		small.path = fmt.Sprintf("%s_%d", big.path, i)
		s.putFileLocked(small)
		out = append(out, photoSize(small, sz.w, sz.h))
	}
	return append(out, photoSize(big, 800, 600))
}

func photoSize(f *storedFile, w, h int) map[string]any {
	return map[string]any{"file_id": f.id, "file_unique_id": f.uniqueID, "width": w, "height": h, "file_size": f.size}
}

// fileParam resolves a file parameter the bot sent: an upload, a file id
// this server issued, or an HTTP URL (which Telegram would fetch).
func (s *Server) fileParamLocked(r *request, key, dir string) (*storedFile, *reply) {
	if u, ok := r.uploads[key]; ok {
		return s.uploadLocked(u, dir), nil
	}
	v := r.params[key]
	if v == "" {
		return nil, ptr(badRequest("there is no " + strings.TrimSuffix(dir, "s") + " in the request"))
	}
	return s.fileRefLocked(r, v, dir)
}

// fileRefLocked resolves a file id, URL or attach://name reference.
func (s *Server) fileRefLocked(r *request, v, dir string) (*storedFile, *reply) {
	if name, ok := strings.CutPrefix(v, "attach://"); ok {
		u, ok := r.uploads[name]
		if !ok {
			return nil, ptr(badRequest("wrong file identifier/HTTP URL specified"))
		}
		return s.uploadLocked(u, dir), nil
	}
	if strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
		name := path.Base(v)
		return s.registerLocked(File{Name: name, Data: []byte(v)}, dir), nil
	}
	if sf, ok := s.files[v]; ok {
		return sf, nil
	}
	return nil, ptr(badRequest("wrong file identifier/HTTP URL specified"))
}

// getFile answers with the download path of a registered file.
func getFile(s *Server, r *request) reply {
	id := r.params["file_id"]
	sf, ok := s.files[id]
	if id == "" || !ok {
		return badRequest("invalid file_id")
	}
	if s.maxDownload > 0 && sf.size > s.maxDownload {
		return badRequest("file is too big")
	}
	return okReply(map[string]any{
		"file_id":        sf.id,
		"file_unique_id": sf.uniqueID,
		"file_size":      sf.size,
		"file_path":      sf.path,
	})
}

// serveFile answers GET /file/bot<token>/<path>. A token the server has
// not seen in an API call (or not the required one) gets 404, as a wrong
// token does on Telegram's file server.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, at time.Time, rest string) {
	token, fpath, _ := strings.Cut(rest, "/")
	call := Call{Method: DownloadMethod, Params: map[string]string{"file_path": fpath}, At: at}

	s.mu.Lock()
	good := token != "" && s.tokenSeen[token] && (s.requiredToken == "" || token == s.requiredToken)
	sf, found := s.paths[fpath]
	s.mu.Unlock()

	f, faulted := s.takeFault(DownloadMethod)
	if faulted && s.applyFault(w, r, call, f) {
		return
	}
	if !good || !found || r.Method != http.MethodGet && r.Method != http.MethodHead {
		s.finish(w, call, errReply(http.StatusNotFound, "Not Found"))
		return
	}
	s.mu.Lock()
	s.recordLocked(call, reply{status: http.StatusOK})
	s.mu.Unlock()

	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.FormatInt(sf.size, 10))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	n := sf.size
	if faulted && f.Kind == LoseResponse {
		n = sf.size / 2 // a download cut half way
	}
	if _, err := io.CopyN(w, sf.reader(), n); err != nil || n == sf.size {
		return
	}
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
	panic(http.ErrAbortHandler)
}

// patternLen is prime, so a shifted or repeated block never lines up with
// the pattern and an offset bug shows in a byte comparison.
const patternLen = 251

// patternBlock holds the pattern repeated, so reads copy whole runs
// instead of computing byte by byte.
var patternBlock = func() []byte {
	b := make([]byte, patternLen*256)
	for i := range b {
		b[i] = byte(i % patternLen)
	}
	return b
}()

// PatternReader returns size deterministic bytes (byte i is i mod 251),
// cheap to generate and to check, for large-download tests with
// AddFileFunc.
func PatternReader(size int64) io.Reader { return &patternReader{left: size} }

type patternReader struct{ off, left int64 }

// Read fills b with the pattern, copying whole runs from patternBlock.
func (p *patternReader) Read(b []byte) (int, error) {
	if p.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(b)) > p.left {
		b = b[:p.left]
	}
	n := 0
	for n < len(b) {
		start := int((p.off + int64(n)) % patternLen)
		n += copy(b[n:], patternBlock[start:])
	}
	p.off += int64(n)
	p.left -= int64(n)
	return n, nil
}

// PatternByte is the byte PatternReader yields at offset, for checking a
// download without regenerating it.
func PatternByte(offset int64) byte { return byte(offset % patternLen) }

// safeName keeps a file name usable in a URL path without escaping, since
// clients paste file_path into the download URL as is.
func safeName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "file"
	}
	return b.String()
}

// knownTypes pins the types officers' files have, since the system MIME
// table differs between machines.
var knownTypes = map[string]string{
	".pdf":  "application/pdf",
	".doc":  "application/msword",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls":  "application/vnd.ms-excel",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".zip":  "application/zip",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".png":  "image/png",
	".txt":  "text/plain",
	".csv":  "text/csv",
}

// guessMIME keeps a declared type unless it is the generic octet-stream,
// and otherwise guesses from the extension.
func guessMIME(name, declared string) string {
	if declared != "" && declared != "application/octet-stream" {
		return declared
	}
	ext := strings.ToLower(path.Ext(name))
	if t, ok := knownTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		if mt, _, err := mime.ParseMediaType(t); err == nil {
			return mt
		}
	}
	return "application/octet-stream"
}

// FileByID returns a registered file with its content, for a viewer that
// lets a person download what the bot sent (a submitted report re-sent by
// file id). ok is false for an unknown id.
func (s *Server) FileByID(id string) (f File, ok bool) {
	s.mu.Lock()
	sf, ok := s.files[id]
	s.mu.Unlock()
	if !ok {
		return File{}, false
	}
	data, err := io.ReadAll(sf.reader())
	if err != nil {
		return File{}, false
	}
	return File{FileID: sf.id, FileUniqueID: sf.uniqueID, Name: sf.name, MIME: sf.mime, Data: data}, true
}
