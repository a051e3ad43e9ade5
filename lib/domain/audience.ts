/** The two kinds of people who sign in, each in a user pool of their own. */
export type Audience = "staff" | "client";
