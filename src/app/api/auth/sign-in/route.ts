// POST /api/auth/sign-in/ — check a username and password, set the HTTP-only session cookie.
import { signIn } from "@/server/auth/sign-in";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = signIn;
