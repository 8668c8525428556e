// Package config fills command-line flags from the three places an
// operator can set them, in order of precedence: the command line, the
// environment (NEWSDESK_<FLAG>), and an optional config file.
package config

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// EnvPrefix starts every environment variable newsdesk reads.
const EnvPrefix = "NEWSDESK_"

// EnvName is the environment variable that sets a flag: "allow-private"
// is read from NEWSDESK_ALLOW_PRIVATE.
func EnvName(flagName string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Apply sets every flag of fs that was not given on the command line from
// the environment, then from the config file values. Call it after
// fs.Parse. getenv is os.Getenv in production; tests pass their own.
func Apply(fs *flag.FlagSet, getenv func(string) string, file map[string]string) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if err != nil || given[f.Name] || f.Name == "config" {
			return
		}
		name := EnvName(f.Name)
		if v := getenv(name); v != "" {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("invalid value %q in %s: %v", v, name, e)
			}
			return
		}
		if v, ok := file[f.Name]; ok {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("invalid value %q for %s in the config file: %v", v, f.Name, e)
			}
		}
	})
	return err
}

// ReadFile reads a config file of "name = value" lines, where name is a
// flag name ("site-name = The Harbor Gazette"). Blank lines and lines
// starting with # are ignored; a value may be double-quoted.
func ReadFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	defer f.Close()
	return Parse(f, path)
}

// Parse reads config lines from r; name is used in error messages.
func Parse(r io.Reader, name string) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if !ok || key == "" {
			return nil, fmt.Errorf("%s:%d: want name = value, got %q", name, n, line)
		}
		if strings.HasPrefix(val, `"`) {
			uq, err := strconv.Unquote(val)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: bad quoted value %s", name, n, val)
			}
			val = uq
		}
		out[key] = val
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// Unknown lists the file's names that are not flags of fs, so a typo in a
// config file is reported instead of silently ignored.
func Unknown(fs *flag.FlagSet, file map[string]string) []string {
	var out []string
	for k := range file {
		if fs.Lookup(k) == nil {
			out = append(out, k)
		}
	}
	return out
}
