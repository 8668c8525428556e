package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Names of the two references in the report.
const (
	refBare  = "bare Go (bytes from memory)"
	refNginx = "nginx (static file)"
)

// buildDemoDB runs `newsdesk demo` in dir until it says the site is ready
// (the world aggregated and clustered), then stops it, leaving
// dir/newsdesk.db.
func buildDemoDB(ctx context.Context, bin, dir string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "demo", "--data", dir, "--addr", "127.0.0.1:0", "--log-level", "warn")
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("newsdesk demo: %w", err)
	}
	ready := false
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "site ready at") {
			ready = true
			break
		}
	}
	_ = cmd.Process.Signal(os.Interrupt)
	go func() {
		for sc.Scan() {
		}
	}()
	err = cmd.Wait()
	if !ready {
		return fmt.Errorf("newsdesk demo stopped before the site was ready: %v", err)
	}
	return nil
}

// freeAddr finds a loopback port nobody listens on.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startProcess starts cmd and returns a stop function that interrupts it
// and, if it lingers, kills it.
func startProcess(cmd *exec.Cmd) (func(), error) {
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	return func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}, nil
}

// startServers starts `newsdesk serve` on db with the render cache on and,
// when this build has one, again with it off.
func startServers(ctx context.Context, cfg config, bin, dir, db string) ([]server, error) {
	variants := []struct {
		name string
		args []string
	}{{"newsdesk", nil}}
	help, _ := exec.CommandContext(ctx, bin, "serve", "--help").CombinedOutput()
	if strings.Contains(string(help), "render-cache") {
		variants = []struct {
			name string
			args []string
		}{
			{"newsdesk, render cache on", nil},
			{"newsdesk, render cache off", []string{"--render-cache", "0"}},
		}
	}
	var out []server
	for _, v := range variants {
		addr, err := freeAddr()
		if err != nil {
			return out, err
		}
		args := append([]string{"serve", "--db", db, "--data", dir, "--addr", addr, "--log-level", "warn"}, v.args...)
		stop, err := startProcess(exec.CommandContext(ctx, bin, args...))
		if err != nil {
			return out, fmt.Errorf("%s: %w", v.name, err)
		}
		s := server{name: v.name, url: "http://" + addr, stop: stop}
		out = append(out, s)
		if err := waitUp(ctx, s.url+"/healthz", time.Minute); err != nil {
			return out, fmt.Errorf("%s: %w", v.name, err)
		}
	}
	return out, nil
}

// pickPage reads the newest articles through the JSON API and returns
// the path and bytes of the article page whose size is closest to size.
func pickPage(ctx context.Context, base string, size int) (string, []byte, error) {
	body, status, _, err := get(ctx, base+"/api/v1/articles?limit=100")
	if err != nil || status != http.StatusOK {
		return "", nil, fmt.Errorf("list articles: status %d: %v", status, err)
	}
	var list struct {
		Items []struct {
			URL string `json:"url"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		return "", nil, fmt.Errorf("list articles: %w", err)
	}
	var bestPath string
	var best []byte
	for _, it := range list.Items {
		path := trimHost(it.URL)
		page, status, _, err := get(ctx, base+path)
		if err != nil || status != http.StatusOK {
			continue
		}
		if best == nil || abs(len(page)-size) < abs(len(best)-size) {
			bestPath, best = path, page
		}
	}
	if best == nil {
		return "", nil, errNoPage
	}
	return bestPath, best, nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// copiedHeaders are the response headers of newsdesk's page that the
// references send too, so that all three write the same response and
// the comparison measures the stacks, not the length of the header.
// Each server makes its own Date and Content-Length; nginx also its own
// ETag and Last-Modified.
var copiedHeaders = []string{"Cache-Control", "Content-Security-Policy", "Cross-Origin-Opener-Policy",
	"Referrer-Policy", "Vary", "X-Content-Type-Options", "X-Frame-Options"}

// startReferences starts the bare Go server (this program again, with
// --serve-bytes) and nginx, both holding page and sending the headers
// newsdesk sent with it.
func startReferences(ctx context.Context, dir string, page []byte, hdr http.Header) ([]server, error) {
	var out []server
	file := filepath.Join(dir, "page.html")
	if err := os.WriteFile(file, page, 0o644); err != nil {
		return out, err
	}
	var lines strings.Builder
	for _, k := range append([]string{"Etag", "Last-Modified"}, copiedHeaders...) {
		if v := hdr.Get(k); v != "" {
			fmt.Fprintf(&lines, "%s: %s\n", k, v)
		}
	}
	if err := os.WriteFile(file+".headers", []byte(lines.String()), 0o644); err != nil {
		return out, err
	}
	self, err := os.Executable()
	if err != nil {
		return out, err
	}
	addr, err := freeAddr()
	if err != nil {
		return out, err
	}
	stop, err := startProcess(exec.CommandContext(ctx, self, "--serve-bytes", file, "--addr", addr))
	if err != nil {
		return out, fmt.Errorf("bare Go server: %w", err)
	}
	out = append(out, server{name: refBare, url: "http://" + addr, stop: stop})
	if err := waitUp(ctx, "http://"+addr+"/", 30*time.Second); err != nil {
		return out, err
	}
	ng, err := startNginx(ctx, dir, page, hdr)
	if err != nil {
		return out, err
	}
	return append(out, ng), nil
}

// serveBytes is the bare Go reference: every GET is answered with the
// file's bytes, read once into memory, and the headers listed in
// FILE.headers.
func serveBytes(file, addr string) error {
	page, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(file + ".headers")
	if err != nil {
		return err
	}
	fixed := http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Content-Length": {strconv.Itoa(len(page))}}
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		if k, v, ok := strings.Cut(line, ": "); ok {
			fixed.Set(k, v)
		}
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range fixed {
			h[k] = v
		}
		w.Write(page)
	})
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	return srv.ListenAndServe()
}

// startNginx serves page as a static file at every path (the article's
// permalink ends in a slash, so the page is the directory's index).
func startNginx(ctx context.Context, dir string, page []byte, hdr http.Header) (server, error) {
	root := filepath.Join(dir, "nginx")
	html := filepath.Join(root, "html")
	if err := os.MkdirAll(filepath.Join(root, "tmp"), 0o755); err != nil {
		return server{}, err
	}
	if err := os.MkdirAll(html, 0o755); err != nil {
		return server{}, err
	}
	// nginx's workers run as nobody: every directory up to the file must
	// be searchable by it (a temporary directory is private by default).
	for d := root; d != filepath.Dir(dir); d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil {
			return server{}, err
		}
	}
	if err := os.WriteFile(filepath.Join(html, "page.html"), page, 0o644); err != nil {
		return server{}, err
	}
	addr, err := freeAddr()
	if err != nil {
		return server{}, err
	}
	var add strings.Builder
	for _, k := range copiedHeaders {
		if v := hdr.Get(k); v != "" {
			fmt.Fprintf(&add, "    add_header %s %q;\n", k, v)
		}
	}
	conf := fmt.Sprintf(`worker_processes auto;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
daemon off;
events { worker_connections 8192; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_body_temp_path %[1]s/tmp/body;
  proxy_temp_path %[1]s/tmp/proxy;
  fastcgi_temp_path %[1]s/tmp/fastcgi;
  uwsgi_temp_path %[1]s/tmp/uwsgi;
  scgi_temp_path %[1]s/tmp/scgi;
  types { text/html html; }
  charset utf-8;
  server {
    listen %[2]s;
    root %[3]s;
    location / { default_type text/html; try_files /page.html =404; }
%[4]s  }
}
`, root, addr, html, add.String())
	confFile := filepath.Join(root, "nginx.conf")
	if err := os.WriteFile(confFile, []byte(conf), 0o644); err != nil {
		return server{}, err
	}
	stop, err := startProcess(exec.CommandContext(ctx, "nginx", "-p", root, "-e", filepath.Join(root, "error.log"), "-c", confFile))
	if err != nil {
		return server{}, fmt.Errorf("nginx: %w", err)
	}
	s := server{name: refNginx, url: "http://" + addr, stop: stop}
	if err := waitUp(ctx, s.url+"/", 30*time.Second); err != nil {
		return s, fmt.Errorf("nginx: %w", err)
	}
	return s, nil
}
