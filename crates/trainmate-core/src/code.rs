//! Enums whose values travel and persist as stable snake_case codes.
//!
//! Catalog kinds, set types and validation rules are stored in SQLite, sent over IPC and synced, so
//! each value has exactly one spelling. The [`code_enum!`] macro writes `as_str`, `FromStr`,
//! `Display`, an `ALL` list and serde impls from a single table, so the spellings cannot drift apart
//! between the database, the wire and the UI.

use std::fmt;

/// A string that is not one of an enum's codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode {
    /// Which enum was being parsed, e.g. `"body_part"`.
    pub kind: &'static str,
    /// The rejected input.
    pub code: String,
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} code {:?}", self.kind, self.code)
    }
}

impl std::error::Error for UnknownCode {}

/// Defines an enum whose variants map one-to-one onto string codes.
///
/// Serde goes through the codes (not the variant names), so the macro's table is the only place a
/// spelling lives.
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident as $kind:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $code:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order (the order the UI lists them in).
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The stable code stored in the database and sent on the wire.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $code, )+
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::code::UnknownCode;

            fn from_str(code: &str) -> Result<Self, Self::Err> {
                match code {
                    $( $code => Ok($name::$variant), )+
                    _ => Err($crate::code::UnknownCode {
                        kind: $kind,
                        code: code.to_owned(),
                    }),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct CodeVisitor;

                impl ::serde::de::Visitor<'_> for CodeVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        write!(f, "a {} code", $kind)
                    }

                    fn visit_str<E: ::serde::de::Error>(self, code: &str) -> Result<$name, E> {
                        code.parse().map_err(|_| {
                            E::unknown_variant(code, &[ $( $code, )+ ])
                        })
                    }
                }

                deserializer.deserialize_str(CodeVisitor)
            }
        }
    };
}

pub(crate) use code_enum;
