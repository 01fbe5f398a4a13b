package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/bacgiang/fwbot/coord"
)

func binding(chatID int64, code string) coord.ChatBinding {
	return coord.ChatBinding{ChatID: chatID, Code: code, Title: "Nhóm " + code, BoundBy: 1, BoundAt: t0}
}

// sameBinding compares bindings, BoundAt as an instant.
func sameBinding(t *testing.T, what string, got, want coord.ChatBinding) {
	t.Helper()
	sameTime(t, what+" BoundAt", got.BoundAt, want.BoundAt)
	got.BoundAt, want.BoundAt = time.Time{}, time.Time{}
	if got != want {
		t.Errorf("%s = %+v, want %+v", what, got, want)
	}
}

// Bindings checks coord.Bindings: one group per code, one code per group.
func Bindings(t *testing.T, f Factory) {
	ctx := context.Background()
	bind := func(t *testing.T, s coord.Store, b coord.ChatBinding) []coord.ChatBinding {
		t.Helper()
		var replaced []coord.ChatBinding
		update(t, s, func(tx coord.Tx) (err error) {
			replaced, err = tx.Bind(ctx, b)
			return err
		})
		return replaced
	}
	// bound reports the binding of chat and of code, as found.
	lookup := func(t *testing.T, s coord.Store, chat int64, code string) (byChat, byCode coord.ChatBinding, chatErr, codeErr error) {
		t.Helper()
		view(t, s, func(tx coord.Tx) error {
			byChat, chatErr = tx.Binding(ctx, chat)
			byCode, codeErr = tx.BindingOf(ctx, code)
			return nil
		})
		return
	}

	t.Run("an unbound chat and an unbound code are not found", func(t *testing.T) {
		s := open(t, f)
		_, _, chatErr, codeErr := lookup(t, s, -100, agencyA)
		wantNotFound(t, "Binding(-100)", chatErr)
		wantNotFound(t, "BindingOf("+agencyA+")", codeErr)
	})

	t.Run("a new binding replaces nothing and is found by chat and by code", func(t *testing.T) {
		s := open(t, f)
		b := binding(-100, agencyA)
		b.Title, b.BoundBy = "Sở LĐ — nhóm chính", 42
		if replaced := bind(t, s, b); len(replaced) != 0 {
			t.Errorf("first Bind replaced %+v", replaced)
		}
		byChat, byCode, chatErr, codeErr := lookup(t, s, -100, agencyA)
		if chatErr != nil || codeErr != nil {
			t.Fatalf("lookups: %v, %v", chatErr, codeErr)
		}
		sameBinding(t, "Binding", byChat, b)
		sameBinding(t, "BindingOf", byCode, b)
	})

	t.Run("the coordination group binds like an agency", func(t *testing.T) {
		s := open(t, f)
		bind(t, s, binding(-1, coord.CoordGroup))
		byChat, _, chatErr, codeErr := lookup(t, s, -1, coord.CoordGroup)
		if chatErr != nil || codeErr != nil || byChat.Code != coord.CoordGroup {
			t.Errorf("coord group binding = %+v, %v, %v", byChat, chatErr, codeErr)
		}
	})

	t.Run("binding a bound chat to another code moves it and returns the old binding", func(t *testing.T) {
		s := open(t, f)
		old := binding(-100, agencyA)
		bind(t, s, old)
		replaced := bind(t, s, binding(-100, agencyB))
		if len(replaced) != 1 {
			t.Fatalf("replaced = %+v, want the old binding", replaced)
		}
		sameBinding(t, "replaced", replaced[0], old)
		byChat, _, _, codeErr := lookup(t, s, -100, agencyA)
		if byChat.Code != agencyB {
			t.Errorf("chat is bound to %q, want %s", byChat.Code, agencyB)
		}
		wantNotFound(t, "BindingOf(old code)", codeErr)
	})

	t.Run("binding a bound code to another chat moves it and returns the old binding", func(t *testing.T) {
		s := open(t, f)
		old := binding(-100, agencyA)
		bind(t, s, old)
		replaced := bind(t, s, binding(-200, agencyA))
		if len(replaced) != 1 {
			t.Fatalf("replaced = %+v, want the old binding", replaced)
		}
		sameBinding(t, "replaced", replaced[0], old)
		_, byCode, chatErr, _ := lookup(t, s, -100, agencyA)
		if byCode.ChatID != -200 {
			t.Errorf("code is bound to chat %d, want -200", byCode.ChatID)
		}
		wantNotFound(t, "Binding(old chat)", chatErr)
	})

	t.Run("a binding that clashes on both chat and code replaces both bindings", func(t *testing.T) {
		s := open(t, f)
		bind(t, s, binding(-100, agencyA))
		bind(t, s, binding(-200, agencyB))
		replaced := bind(t, s, binding(-100, agencyB))
		var chats []int64
		for _, r := range replaced {
			chats = append(chats, r.ChatID)
		}
		slices.Sort(chats)
		if !slices.Equal(chats, []int64{-200, -100}) {
			t.Errorf("replaced chats %v, want [-200 -100]", chats)
		}
		_, _, chatErr, codeErr := lookup(t, s, -200, agencyA)
		wantNotFound(t, "Binding(-200)", chatErr)
		wantNotFound(t, "BindingOf("+agencyA+")", codeErr)
	})

	t.Run("binding the same chat to the same code again replaces it with the new details", func(t *testing.T) {
		s := open(t, f)
		bind(t, s, binding(-100, agencyA))
		b := binding(-100, agencyA)
		b.Title, b.BoundBy, b.BoundAt = "Tên mới", 2, t0.Add(time.Hour)
		if replaced := bind(t, s, b); len(replaced) != 1 {
			t.Errorf("replaced = %+v, want the old binding", replaced)
		}
		byChat, _, _, _ := lookup(t, s, -100, agencyA)
		sameBinding(t, "Binding", byChat, b)
	})

	t.Run("other bindings are untouched by a bind", func(t *testing.T) {
		s := open(t, f)
		other := binding(-300, agencyC)
		bind(t, s, other)
		bind(t, s, binding(-100, agencyA))
		bind(t, s, binding(-100, agencyB))
		byChat, _, err, _ := lookup(t, s, -300, agencyC)
		if err != nil {
			t.Fatal(err)
		}
		sameBinding(t, "untouched binding", byChat, other)
	})

	t.Run("unbinding a code returns its binding and frees chat and code", func(t *testing.T) {
		s := open(t, f)
		b := binding(-100, agencyA)
		bind(t, s, b)
		var got coord.ChatBinding
		update(t, s, func(tx coord.Tx) (err error) {
			got, err = tx.Unbind(ctx, agencyA)
			return err
		})
		sameBinding(t, "Unbind", got, b)
		_, _, chatErr, codeErr := lookup(t, s, -100, agencyA)
		wantNotFound(t, "Binding after Unbind", chatErr)
		wantNotFound(t, "BindingOf after Unbind", codeErr)
	})

	t.Run("a binding keeps the forum topic it was bound from, and binding from the general chat clears it", func(t *testing.T) {
		s := open(t, f)
		b := binding(-100, agencyA)
		b.ThreadID = 7
		bind(t, s, b)
		byChat, byCode, _, _ := lookup(t, s, -100, agencyA)
		sameBinding(t, "Binding", byChat, b)
		sameBinding(t, "BindingOf", byCode, b)
		replaced := bind(t, s, binding(-100, agencyA))
		if len(replaced) != 1 || replaced[0].ThreadID != 7 {
			t.Errorf("replaced = %+v, want the binding from topic 7", replaced)
		}
		if byChat, _, _, _ := lookup(t, s, -100, agencyA); byChat.ThreadID != 0 {
			t.Errorf("rebound from the general chat: topic %d, want 0", byChat.ThreadID)
		}
	})

	t.Run("what posts in a group bound from a topic goes to that topic", func(t *testing.T) {
		s := open(t, f)
		inTopic := binding(-100, agencyA)
		inTopic.ThreadID = 7
		bind(t, s, inTopic)
		bind(t, s, binding(-200, agencyB))
		msgs := []struct {
			what string
			m    coord.OutMessage
			want int
		}{
			{"a text to the topic's group", text(-100, "báo cáo"), 7},
			{"files to the topic's group", coord.OutMessage{Kind: coord.OutFiles, ChatID: -100, Files: []coord.FileRef{{FileID: "f"}}}, 7},
			{"an upload to the topic's group", coord.OutMessage{Kind: coord.OutUpload, ChatID: -100, Upload: &coord.LocalFile{Path: "/x", Name: "x.xlsx"}}, 7},
			{"a text naming another topic", coord.OutMessage{Kind: coord.OutText, ChatID: -100, Text: "ở đây", ThreadID: 9}, 9},
			{"a text to the general chat", coord.OutMessage{Kind: coord.OutText, ChatID: -100, Text: "chung", ThreadID: coord.GeneralTopic}, coord.GeneralTopic},
			{"an edit", coord.OutMessage{Kind: coord.OutEdit, ChatID: -100, MessageID: 3, Text: "sửa"}, 0},
			{"a text to a group bound from its general chat", text(-200, "b"), 0},
			{"a text to an unbound group", text(-300, "c"), 0},
			{"a text to a private chat", text(42, "d"), 0},
		}
		for _, c := range msgs {
			enqueue(t, s, "", c.m, t0)
		}
		items, err := s.PendingOutbox(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != len(msgs) {
			t.Fatalf("%d pending, want %d", len(items), len(msgs))
		}
		for i, c := range msgs {
			if got := items[i].Msg.ThreadID; got != c.want {
				t.Errorf("%s: topic %d, want %d", c.what, got, c.want)
			}
		}
	})

	t.Run("unbinding a code nobody is bound under is not found", func(t *testing.T) {
		s := open(t, f)
		bind(t, s, binding(-100, agencyA))
		err := s.Update(ctx, func(tx coord.Tx) error {
			_, err := tx.Unbind(ctx, agencyB)
			return err
		})
		wantNotFound(t, "Unbind("+agencyB+")", err)
		if _, _, chatErr, _ := lookup(t, s, -100, agencyA); chatErr != nil {
			t.Errorf("another binding was lost: %v", chatErr)
		}
	})
}
