package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/mail"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/config"
	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/dbopen"
	"github.com/newsdesk/newsdesk/internal/web"
)

// flags is a command's flag set, with the environment and config file
// applied after parsing and flags accepted after positional arguments
// ("sources add URL --category World").
type flags struct {
	*flag.FlagSet
	usage  string // "newsdesk sources add URL [flags]"
	about  string
	config *string
	args   []string // positional arguments
}

func newFlags(usage, about string) *flags {
	fs := flag.NewFlagSet(usage, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := &flags{FlagSet: fs, usage: usage, about: about}
	f.config = fs.String("config", "", "read flag values from this `FILE`, one \"flag-name = value\" a line")
	return f
}

func (f *flags) parse(io stdio, args []string) error {
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.printUsage(io.out)
				return flag.ErrHelp
			}
			return usagef("%s", oneLine(err))
		}
		if f.NArg() == 0 {
			break
		}
		f.args = append(f.args, f.Arg(0))
		args = f.Args()[1:]
	}
	var file map[string]string
	path := *f.config
	if path == "" {
		path = io.getenv(config.EnvName("config"))
	}
	if path != "" {
		var err error
		if file, err = config.ReadFile(path); err != nil {
			return usagef("%v", err)
		}
	}
	if err := config.Apply(f.FlagSet, io.getenv, file); err != nil {
		return usagef("%v", err)
	}
	return nil
}

// want checks the number of positional arguments.
func (f *flags) want(n int, what string) error {
	if len(f.args) < n {
		return usagef("missing %s (usage: %s)", what, f.usage)
	}
	if len(f.args) > n {
		return usagef("unexpected argument %q (usage: %s)", f.args[n], f.usage)
	}
	return nil
}

func (f *flags) printUsage(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n\nFlags (each also read from NEWSDESK_<FLAG>, e.g. %s):\n",
		f.usage, f.about, config.EnvName("allow-private"))
	f.VisitAll(func(fl *flag.Flag) {
		name, usage := flag.UnquoteUsage(fl)
		fmt.Fprintf(w, "  --%s", fl.Name)
		if name != "" {
			fmt.Fprintf(w, " %s", name)
		}
		fmt.Fprintf(w, "\n      %s", usage)
		switch {
		case fl.DefValue == "" || fl.DefValue == "false" || fl.DefValue == "0":
		case name == "string":
			fmt.Fprintf(w, " (default %q)", fl.DefValue)
		default:
			fmt.Fprintf(w, " (default %s)", fl.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// storeFlags choose the database.
type storeFlags struct{ db, data *string }

func addStoreFlags(f *flags) storeFlags {
	return storeFlags{
		db:   f.String("db", "", "database: a SQLite path, sqlite:PATH, or a postgres:// URL (default DATA/newsdesk.db)"),
		data: f.String("data", defaultDataDir(), "directory for the SQLite database and other files"),
	}
}

func defaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "newsdesk")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "newsdesk")
	}
	return "newsdesk-data"
}

// fetchFlags configure the guarded HTTP client.
type fetchFlags struct {
	allowPrivate *string
	// live, when set, gives the allow-list in force (an admin's stored
	// list over --allow-private), asked at every connection.
	live *site.Live
}

// withLive returns ff with its client reading the allow-list from l.
func (ff fetchFlags) withLive(l *site.Live) fetchFlags {
	ff.live = l
	return ff
}

// allowList parses --allow-private.
func (ff fetchFlags) allowList() ([]netip.Prefix, error) {
	allow, err := fetch.ParseAllowList(*ff.allowPrivate)
	if err != nil {
		return nil, usagef("--allow-private: %v", err)
	}
	return allow, nil
}

func addFetchFlags(f *flags) fetchFlags {
	return fetchFlags{allowPrivate: f.String("allow-private", "",
		"comma-separated CIDRs or addresses that may be fetched although not public (e.g. 10.0.0.0/8)")}
}

func (ff fetchFlags) client() (*fetch.Client, error) {
	allow, err := ff.allowList()
	if err != nil {
		return nil, err
	}
	if ff.live != nil {
		live := ff.live
		return fetch.New(fetch.Options{AllowPrivateFunc: func() []netip.Prefix { return live.Load().AllowPrivate }}), nil
	}
	return fetch.New(fetch.Options{AllowPrivate: allow}), nil
}

// renderCacheFlag sizes the web's render cache, for serve and demo alike.
type renderCacheFlag struct{ mib *int }

func addRenderCacheFlag(f *flags) renderCacheFlag {
	return renderCacheFlag{f.Int("render-cache", 64, "MiB of memory for rendered pages, feeds and API answers kept ready to send (0: off, every request renders)")}
}

// bytes checks the flag and returns the cache's size in bytes.
func (rf renderCacheFlag) bytes() (int64, error) {
	if *rf.mib < 0 || *rf.mib > 1<<20 {
		return 0, usagef("--render-cache must be between 0 and 1048576 (MiB), got %d", *rf.mib)
	}
	return int64(*rf.mib) << 20, nil
}

// logFlags set up the process logger.
type logFlags struct{ level *string }

func addLogFlags(f *flags) logFlags {
	return logFlags{level: f.String("log-level", "info", "log level: debug, info, warn or error")}
}

func (lf logFlags) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(*lf.level)); err != nil {
		return nil, usagef("--log-level: %q is not one of debug, info, warn, error", *lf.level)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level})), nil
}

// siteFlags are the settings that make the site the newsroom's own.
type siteFlags struct {
	name, tagline, phone, copyright, timezone, baseURL, share, language, proxies *string
	halfLife                                                                     *time.Duration
}

func addSiteFlags(f *flags, d site.Settings) siteFlags {
	return siteFlags{
		name:      f.String("site-name", d.Name, "the site's name, shown in every header"),
		tagline:   f.String("tagline", d.Tagline, "the line under the site's name"),
		phone:     f.String("phone", d.Phone, "contact phone number shown in the header"),
		copyright: f.String("copyright", d.CopyrightHolder, "copyright holder named in the footer"),
		timezone:  f.String("timezone", d.Location.String(), "IANA time zone for dates on the site (e.g. Europe/Paris)"),
		baseURL:   f.String("base-url", "", "public URL of the site, used in share links (default http://ADDR)"),
		share:     f.String("share", strings.Join(d.ShareTargets, ","), "share targets, in order: "+strings.Join(site.AllShareTargets, ",")),
		language:  f.String("language", d.Language, "language of the articles, for search stemming: "+strings.Join(search.Languages(), ", ")),
		halfLife:  f.Duration("search-half-life", 7*24*time.Hour, "age at which an article's recency boost in search relevance halves"),
		proxies: f.String("trusted-proxies", "", "comma-separated addresses or CIDR networks of the reverse proxies in front of the site;\n"+
			"their X-Forwarded-For names the client for rate limits (default: none, the header is ignored)"),
	}
}

func (sf siteFlags) settings(addr string) (site.Settings, error) {
	loc, err := time.LoadLocation(*sf.timezone)
	if err != nil {
		return site.Settings{}, usagef("--timezone: unknown time zone %q", *sf.timezone)
	}
	s := site.Settings{
		Name: *sf.name, Tagline: *sf.tagline, Phone: *sf.phone, CopyrightHolder: *sf.copyright,
		Location: loc, BaseURL: strings.TrimRight(*sf.baseURL, "/"),
	}
	an, err := search.NewAnalyzer(*sf.language)
	if err != nil {
		return site.Settings{}, usagef("--language: %v", err)
	}
	s.Language = an.Language()
	if *sf.halfLife < time.Hour {
		return site.Settings{}, usagef("--search-half-life must be at least 1h, got %s", *sf.halfLife)
	}
	s.SearchHalfLife = *sf.halfLife
	if s.TrustedProxies, err = web.ParseTrustedProxies(*sf.proxies); err != nil {
		return site.Settings{}, usagef("--trusted-proxies: %v", err)
	}
	if s.BaseURL == "" {
		s.BaseURL = "http://" + addr
	}
	if _, err := fetch.ValidateURL(s.BaseURL); err != nil {
		return site.Settings{}, usagef("--base-url: %q is not an http(s) URL", s.BaseURL)
	}
	for _, t := range strings.Split(*sf.share, ",") {
		t = strings.ToLower(strings.TrimSpace(t))
		if t == "" {
			continue
		}
		if !slices.Contains(site.AllShareTargets, t) {
			return site.Settings{}, usagef("--share: unknown target %q (known: %s)", t, strings.Join(site.AllShareTargets, ","))
		}
		s.ShareTargets = append(s.ShareTargets, t)
	}
	return s, nil
}

// open opens the chosen database, creating and migrating it if needed.
func (sf storeFlags) open(ctx context.Context) (store.Store, error) {
	st, err := dbopen.Open(ctx, *sf.db, *sf.data)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	return st, nil
}

// quietOnTerminal keeps INFO logs from tearing through a progress bar:
// on a terminal only warnings and errors are logged.
func quietOnTerminal(io stdio, log *slog.Logger) *slog.Logger {
	if !isTerminal(io.err) || log.Enabled(context.Background(), slog.LevelDebug) {
		return log
	}
	return slog.New(slog.NewTextHandler(io.err, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// openIngest opens the database and builds the ingester over the guarded
// fetch client. The caller closes the store.
func openIngest(ctx context.Context, sf storeFlags, ff fetchFlags, opts ingest.Options) (store.Store, *ingest.Ingester, error) {
	client, err := ff.client()
	if err != nil {
		return nil, nil, err
	}
	st, err := sf.open(ctx)
	if err != nil {
		return nil, nil, err
	}
	return st, ingest.New(st, client, opts), nil
}

// smtpFlags configure the email that tells moderators about comments
// held for them.
type smtpFlags struct{ addr, from, user, password *string }

func addSMTPFlags(f *flags) smtpFlags {
	return smtpFlags{
		addr: f.String("smtp-addr", "", "HOST:PORT of the SMTP server that emails moderators about held comments\n"+
			"(default: no email; STARTTLS is used whenever the server offers it)"),
		from:     f.String("smtp-from", "", "sender `ADDRESS` of those emails, e.g. \"Newsdesk <news@example.org>\""),
		user:     f.String("smtp-user", "", "user name for SMTP authentication (sent only over TLS or to this machine)"),
		password: f.String("smtp-password", "", "password for SMTP authentication (better: NEWSDESK_SMTP_PASSWORD)"),
	}
}

// notifier returns the notifier the flags describe: nil without
// --smtp-addr. helloName is the name the server is greeted with.
func (sf smtpFlags) notifier(helloName string) (comments.Notifier, error) {
	addr, from, user, pw := strings.TrimSpace(*sf.addr), strings.TrimSpace(*sf.from), *sf.user, *sf.password
	if addr == "" {
		switch {
		case from != "":
			return nil, usagef("--smtp-from needs --smtp-addr")
		case user != "" || pw != "":
			return nil, usagef("--smtp-user and --smtp-password need --smtp-addr")
		}
		return nil, nil
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return nil, usagef("--smtp-addr wants HOST:PORT, such as mail.example.org:587, not %q", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return nil, usagef("--smtp-addr: %q is not a port number", port)
	}
	if from == "" {
		return nil, usagef("--smtp-addr needs --smtp-from, the address the emails come from")
	}
	if _, err := mail.ParseAddress(from); err != nil {
		return nil, usagef("--smtp-from: %q is not an email address", from)
	}
	if (user == "") != (pw == "") {
		return nil, usagef("--smtp-user and --smtp-password (or NEWSDESK_SMTP_PASSWORD) go together")
	}
	return comments.SMTPNotifier{Addr: addr, From: from, Username: user, Password: pw, HelloName: helloName}, nil
}
