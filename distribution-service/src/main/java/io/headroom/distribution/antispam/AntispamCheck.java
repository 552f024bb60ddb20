package io.headroom.distribution.antispam;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.headroom.distribution.limit.AntispamState;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** An account's anti-spam check: the latest request and, once taken, its decision. */
@Entity
@Table(name = "antispam_check")
public class AntispamCheck extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    /** {@code pending}, {@code passed} or {@code rejected}. */
    @Column(nullable = false)
    public String state;

    @Column(name = "company_website", nullable = false)
    public String companyWebsite;

    @Column(name = "sender_domain", nullable = false)
    public String senderDomain;

    @Column(name = "use_case", nullable = false)
    public String useCase;

    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    /** How many times the check was requested (again after each rejection). */
    @Column(nullable = false)
    public int requests;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column
    public String reason;

    void request(AntispamRequest request, String by, Instant at) {
        state = AntispamState.PENDING.wire();
        companyWebsite = request.companyWebsite();
        senderDomain = request.senderDomain();
        useCase = request.useCase();
        requestedBy = by;
        requestedAt = at;
        requests++;
        decidedBy = null;
        decidedAt = null;
        reason = null;
    }

    void decide(AntispamState decision, String why, String by, Instant at) {
        state = decision.wire();
        reason = why;
        decidedBy = by;
        decidedAt = at;
    }

    AntispamState antispamState() {
        return AntispamState.of(state);
    }

    AntispamCheckView view() {
        return new AntispamCheckView(accountId, state, companyWebsite, senderDomain, useCase, requestedBy, requestedAt,
                requests, decidedBy, decidedAt, reason);
    }
}
