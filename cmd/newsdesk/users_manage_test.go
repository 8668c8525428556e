package main

import (
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

func TestUsers_PasswdResetRoleDisable(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"NEWSDESK_DATA": dir}
	const pw, pw2 = "a long enough passphrase", "another long passphrase"
	for _, a := range [][]string{
		{"users", "add", "boss@newsroom.example", "--role", "admin"},
		{"users", "add", "ed@newsroom.example", "--role", "editor"},
	} {
		if code, out, errOut := runCLIWithInput(t, env, pw+"\n", a...); code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", a, code, out, errOut)
		}
	}
	signIn := func(email, password string) (string, error) {
		st := openData(t, dir)
		defer st.Close()
		mgr, err := auth.NewManager(st, auth.Options{})
		if err != nil {
			t.Fatal(err)
		}
		tok, _, err := mgr.Login(t.Context(), email, password, "")
		return tok, err
	}
	live := func(tok string) bool {
		st := openData(t, dir)
		defer st.Close()
		mgr, _ := auth.NewManager(st, auth.Options{})
		_, err := mgr.Authenticate(t.Context(), tok)
		return err == nil
	}
	tok, err := signIn("ed@newsroom.example", pw)
	if err != nil {
		t.Fatal(err)
	}

	// passwd: the piped line becomes the password; sessions end.
	code, out, errOut := runCLIWithInput(t, env, pw2+"\n", "users", "passwd", "ED@newsroom.example")
	if code != 0 || !strings.Contains(out, "password of ed@newsroom.example changed") {
		t.Fatalf("users passwd: exit %d\n%s%s", code, out, errOut)
	}
	if live(tok) {
		t.Error("a session survived users passwd")
	}
	if _, err := signIn("ed@newsroom.example", pw2); err != nil {
		t.Errorf("the new password does not sign in: %v", err)
	}

	// reset: one line on stdout, the new password; it signs in.
	tok, _ = signIn("ed@newsroom.example", pw2)
	code, out, errOut = runCLIWithInput(t, env, "", "users", "reset", "ed@newsroom.example")
	generated := strings.TrimSpace(out)
	if code != 0 || strings.Count(out, "\n") != 1 || auth.CheckPasswordPolicy(generated) != nil {
		t.Fatalf("users reset: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if live(tok) {
		t.Error("a session survived users reset")
	}
	if _, err := signIn("ed@newsroom.example", generated); err != nil {
		t.Errorf("the generated password does not sign in: %v", err)
	}

	// role, and the last admin kept.
	if code, out, _ := runCLIWithInput(t, env, "", "users", "role", "ed@newsroom.example", "author"); code != 0 ||
		!strings.Contains(out, "now author (was editor)") {
		t.Errorf("users role: exit %d, %q", code, out)
	}

	// disable ends sessions and refuses sign-in like a wrong password.
	tok, _ = signIn("ed@newsroom.example", generated)
	if code, out, _ := runCLIWithInput(t, env, "", "users", "disable", "ed@newsroom.example"); code != 0 ||
		!strings.Contains(out, "disabled") {
		t.Errorf("users disable: exit %d, %q", code, out)
	}
	if live(tok) {
		t.Error("a disabled account's session still works")
	}
	if _, err := signIn("ed@newsroom.example", generated); err != auth.ErrInvalidCredentials {
		t.Errorf("a disabled account signing in: %v, want ErrInvalidCredentials", err)
	}
	if code, _, _ := runCLIWithInput(t, env, "", "users", "enable", "ed@newsroom.example"); code != 0 {
		t.Errorf("users enable: exit %d", code)
	}
	if _, err := signIn("ed@newsroom.example", generated); err != nil {
		t.Errorf("an enabled account signing in: %v", err)
	}

	bad := []struct {
		stdin string
		args  []string
		want  string
	}{
		{"", []string{"users", "role", "boss@newsroom.example", "editor"}, "last enabled admin"},
		{"", []string{"users", "disable", "boss@newsroom.example"}, "last enabled admin"},
		{"", []string{"users", "role", "ed@newsroom.example", "boss"}, "unknown role"},
		{"", []string{"users", "role", "ed@newsroom.example"}, "missing EMAIL and ROLE"},
		{"", []string{"users", "reset", "nobody@newsroom.example"}, "has no account"},
		{"", []string{"users", "disable", "not an address"}, "invalid email"},
		{"short\n", []string{"users", "passwd", "ed@newsroom.example"}, "at least 12 characters"},
		{"", []string{"users", "passwd", "ed@newsroom.example"}, "no password on standard input"},
		{"", []string{"users", "enable", "a@newsroom.example", "b@newsroom.example"}, "unexpected argument"},
	}
	for _, b := range bad {
		code, out, errOut := runCLIWithInput(t, env, b.stdin, b.args...)
		if code != 2 || !strings.Contains(errOut, b.want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || out != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want 2 and one line with %q", b.args, code, errOut, out, b.want)
		}
	}
	for _, sub := range []string{"passwd", "reset", "role", "disable", "enable"} {
		if code, out, _ := runCLIWithInput(t, env, "", "users", sub, "--help"); code != 0 || !strings.Contains(out, "Usage: newsdesk users "+sub) {
			t.Errorf("users %s --help: exit %d, %q", sub, code, out)
		}
	}

	// Every change is in the audit log, made by "shell".
	st := openData(t, dir)
	defer st.Close()
	log, _, err := st.ListAudit(t.Context(), store.AuditFilter{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		if e.Actor != "shell" || e.TargetType != "user" || e.UserID != 0 {
			t.Errorf("audit entry %+v: want actor shell, target user", e)
		}
		actions = append(actions, e.Action)
	}
	want := "user.enable user.disable user.role user.reset user.password"
	if got := strings.Join(actions, " "); got != want {
		t.Errorf("audit actions (newest first) %q, want %q", got, want)
	}
	u, err := st.GetUserByEmail(t.Context(), "ed@newsroom.example")
	if err != nil || u.Role != model.RoleAuthor || u.Disabled {
		t.Errorf("final account %+v, %v", u, err)
	}
}
