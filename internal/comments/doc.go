// Package comments holds the rules of readers' comments, with no HTTP and
// no SQL: the web layer and the stores call it.
//
//   - Form, Normalize and Validate read the "Leave a Reply" form and say
//     what is wrong with each field, never changing what the reader typed
//     beyond trimming the white space around it.
//   - Tokens issue and check the form's one-time token: it proves the
//     form came from this site for this article, that the reader took a
//     moment before posting (bots post at once) and that the form is not
//     stale, and its nonce lets the store keep a form posted twice once.
//   - Policy decides what happens to a new comment: refused (closed, too
//     deep, flood, duplicate, rate limit), or stored as approved, pending
//     (first comment of an address, links, moderation words) or spam
//     (disallowed words). A pluggable Checker can only make that verdict
//     stricter.
//   - Notifier tells moderators about new comments; SMTPNotifier sends
//     them a plain-text email.
//   - RenderBody shows a comment as escaped plain text with paragraphs and
//     safe links; Avatar draws a locally made picture from the name.
//
// Commenters' email addresses are for moderators only: nothing in this
// package that produces public output (RenderBody, Avatar, the rejection
// and validation messages) shows one or anything derived from one; only
// the moderators' Notice holds it.
package comments
