package org.roadscan.api.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.roadscan.api.register.DamageStatus.CONFIRMED;
import static org.roadscan.api.register.DamageStatus.NEW;
import static org.roadscan.api.register.DamageStatus.REJECTED;
import static org.roadscan.api.register.DamageStatus.REPAIRED;
import static org.roadscan.api.register.DamageStatus.SCHEDULED;
import static org.roadscan.api.register.DamageStatus.VERIFIED;

import org.junit.jupiter.api.Test;

class DamageStatusTest {

  @Test
  void theTransitionTable() {
    assertThat(NEW.next()).containsExactlyInAnyOrder(CONFIRMED, REJECTED);
    assertThat(CONFIRMED.next()).containsExactlyInAnyOrder(SCHEDULED, REJECTED);
    assertThat(SCHEDULED.next()).containsExactlyInAnyOrder(REPAIRED, CONFIRMED);
    assertThat(REPAIRED.next()).containsExactlyInAnyOrder(VERIFIED, SCHEDULED);
    assertThat(VERIFIED.next()).isEmpty();
    assertThat(REJECTED.next()).containsExactly(NEW);
  }

  @Test
  void theWholeWayFromNewToVerifiedAndNoShortcuts() {
    assertThat(NEW.canChangeTo(CONFIRMED)).isTrue();
    assertThat(CONFIRMED.canChangeTo(SCHEDULED)).isTrue();
    assertThat(SCHEDULED.canChangeTo(REPAIRED)).isTrue();
    assertThat(REPAIRED.canChangeTo(VERIFIED)).isTrue();
    assertThat(NEW.canChangeTo(REPAIRED)).isFalse();
    assertThat(NEW.canChangeTo(NEW)).isFalse();
    assertThat(VERIFIED.canChangeTo(NEW)).isFalse();
    assertThat(REJECTED.canChangeTo(CONFIRMED)).isFalse();
  }

  @Test
  void valuesAreLowerCaseAndParsedExactly() {
    assertThat(SCHEDULED.value()).isEqualTo("scheduled");
    assertThat(DamageStatus.of("repaired")).contains(REPAIRED);
    assertThat(DamageStatus.of("Repaired")).isEmpty();
    assertThat(DamageStatus.of("fixed")).isEmpty();
    assertThat(DamageStatus.of(null)).isEmpty();
  }

  @Test
  void openIsWorkStillToDoAndEveryOtherStatusIsClosed() {
    assertThat(DamageStatus.openValues()).containsExactly("new", "confirmed", "scheduled");
    assertThat(DamageStatus.closedValues()).containsExactly("repaired", "verified", "rejected");
    assertThat(DamageStatus.allValues()).containsExactly("new", "confirmed", "scheduled",
        "repaired", "verified", "rejected");
  }
}
