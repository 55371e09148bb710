package io.drillbook.drill;

import io.drillbook.config.TargetConfig;
import java.util.OptionalLong;

/**
 * The cluster side of crash recovery: the drill-in-progress marker on a target Deployment (see
 * {@link InProgressMarker}), and where the Deployment stands against the image a recovery must restore.
 * Writing or removing the marker changes only metadata, so it never starts a rollout.
 */
public interface MarkerStore {

  /** The marker annotation's text, or null when the Deployment carries none (or does not exist). */
  String read(TargetConfig target) throws ClusterException;

  /** Sets the marker annotation to {@code marker}, leaving every other annotation as it is. */
  void write(TargetConfig target, String marker) throws ClusterException;

  /**
   * Removes the marker annotation if it still holds exactly {@code marker}.
   *
   * @return false when it was already gone or holds another marker (left as it is)
   */
  boolean remove(TargetConfig target, String marker) throws ClusterException;

  /** What the Deployment's template runs now, and the newest revision whose template runs {@code image}. */
  Deployed deployed(TargetConfig target, String image) throws ClusterException;

  /**
   * @param image the container image(s) of the Deployment's template now
   * @param revisionWithImage the newest revision in its history whose template runs the wanted image, if any
   */
  record Deployed(String image, OptionalLong revisionWithImage) {}

  /** No markers (tests of other behaviour, tools that change nothing). */
  MarkerStore NONE = new MarkerStore() {
    @Override
    public String read(TargetConfig target) {
      return null;
    }

    @Override
    public void write(TargetConfig target, String marker) {}

    @Override
    public boolean remove(TargetConfig target, String marker) {
      return true;
    }

    @Override
    public Deployed deployed(TargetConfig target, String image) {
      return new Deployed(image, OptionalLong.empty());
    }
  };
}
