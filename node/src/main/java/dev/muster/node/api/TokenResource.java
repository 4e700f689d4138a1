package dev.muster.node.api;

import dev.muster.node.DatabaseUnavailableException;
import dev.muster.node.auth.Tokens;
import dev.muster.node.auth.Users;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /api/v1/tokens/}: a new bearer token for the user who proved their password. */
public final class TokenResource implements Resource {
    private final Users users;
    private final Tokens tokens;

    public TokenResource(Users users, Tokens tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    @Override
    public Reply handle(ApiRequest request) throws DatabaseUnavailableException {
        if (request.segments().size() != 1) {
            throw ApiError.notFound("no such endpoint");
        }
        request.require("POST");
        Users.User user = users.find(request.user());
        if (user == null) {
            throw new ApiError(401, "no such user");
        }
        Tokens.Issued issued = tokens.issue(user.id());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", issued.token());
        body.put("expires", issued.expires().toString());
        return Reply.created(body);
    }
}
