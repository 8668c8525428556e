package config

import (
	"flag"
	"strings"
	"testing"
)

func TestApply_Precedence(t *testing.T) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "")
	name := fs.String("site-name", "newsdesk", "")
	tz := fs.String("timezone", "UTC", "")
	phone := fs.String("phone", "", "")
	if err := fs.Parse([]string{"--addr", ":9000"}); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"NEWSDESK_ADDR": ":7000", "NEWSDESK_SITE_NAME": "Env Gazette"}
	file := map[string]string{"site-name": "File Gazette", "timezone": "Europe/Paris"}
	if err := Apply(fs, func(k string) string { return env[k] }, file); err != nil {
		t.Fatal(err)
	}
	if *addr != ":9000" {
		t.Errorf("addr = %q: the command line must win", *addr)
	}
	if *name != "Env Gazette" {
		t.Errorf("site-name = %q: the environment must beat the file", *name)
	}
	if *tz != "Europe/Paris" {
		t.Errorf("timezone = %q: the file must beat the default", *tz)
	}
	if *phone != "" {
		t.Errorf("phone = %q: unset everywhere must keep the default", *phone)
	}
}

func TestApply_BadEnvValue(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.Int("seed", 1, "")
	_ = fs.Parse(nil)
	err := Apply(fs, func(k string) string {
		if k == "NEWSDESK_SEED" {
			return "many"
		}
		return ""
	}, nil)
	if err == nil || !strings.Contains(err.Error(), "NEWSDESK_SEED") {
		t.Fatalf("err = %v, want one naming NEWSDESK_SEED", err)
	}
}

func TestParse(t *testing.T) {
	in := "# site\nsite-name = \"The Harbor = Gazette\"\n\nphone=+1 555 0101\n"
	got, err := Parse(strings.NewReader(in), "test.conf")
	if err != nil {
		t.Fatal(err)
	}
	if got["site-name"] != "The Harbor = Gazette" || got["phone"] != "+1 555 0101" {
		t.Fatalf("got %v", got)
	}
	if _, err := Parse(strings.NewReader("just words\n"), "bad.conf"); err == nil || !strings.Contains(err.Error(), "bad.conf:1") {
		t.Fatalf("err = %v, want a line-numbered error", err)
	}
}

func TestEnvName(t *testing.T) {
	if got := EnvName("allow-private"); got != "NEWSDESK_ALLOW_PRIVATE" {
		t.Errorf("got %q", got)
	}
}
