package io.drillbook.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An issue in a fake repository; mutable, guarded by the {@link GitHubStore} lock. */
final class FakeIssue {

  /** A comment on an issue. */
  record Comment(long id, String body, Instant createdAt, Instant updatedAt) {}

  /** A repository label; created the first time an issue uses its name. */
  record Label(long id, String name, String color) {}

  final long id;
  final int number;
  final Instant createdAt;
  final List<Comment> comments = new ArrayList<>();
  String title;
  String body;
  String state = "open";
  String stateReason;
  List<Label> labels = List.of();
  Instant updatedAt;
  Instant closedAt;

  FakeIssue(long id, int number, Instant createdAt) {
    this.id = id;
    this.number = number;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
  }
}
